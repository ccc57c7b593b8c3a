# olapctl operator image. Build: docker build -t olapctl:dev .   Run: docker run olapctl:dev --default-target URL
# Stage 1 builds the olapctl wheel; stage 2 installs it as a non-root user, with its runtime dependencies exactly as
# requirements.lock pins them (versions and hashes; regenerate with docker/lock.sh). No embedded engine (chdb, the
# `embedded` extra): the operator talks to a ClickHouse server over http(s).
FROM python:3.11.14-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY operator/ operator/
RUN pip install --no-cache-dir --disable-pip-version-check build==1.3.0 \
    && python -m build --wheel --outdir /wheels .

FROM python:3.11.14-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HOME=/tmp
COPY --from=build /wheels /wheels
COPY requirements.lock /wheels/requirements.lock
COPY docker/install.sh /usr/local/bin/olapctl-install
RUN olapctl-install /usr/local/bin/python /wheels /wheels/requirements.lock \
    && rm -rf /wheels /usr/local/bin/olapctl-install \
    && useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin olapctl
USER 10001:10001
# /tmp is the only writable path the chart mounts (readOnlyRootFilesystem)
WORKDIR /tmp
EXPOSE 8080 9090
ENTRYPOINT ["olapctl", "operator"]
CMD ["--liveness", "http://0.0.0.0:8080/healthz"]
