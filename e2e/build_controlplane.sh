#!/usr/bin/env bash
# Build a local Kubernetes control plane (kube-apiserver, kubectl, etcd) from
# source through the Go module proxy, and cache the binaries OUTSIDE the repo:
#
#   ${XDG_CACHE_HOME:-$HOME/.cache}/olapctl/controlplane/<k8s-version>/bin/
#
# Idempotent: if the three binaries are already there and run, exit 0 at once.
#
# Environment knobs:
#   OLAPCTL_K8S_VERSION   k8s.io/kubernetes version to build (default below)
#   OLAPCTL_CP_CACHE      override the cache root (default .../olapctl/controlplane)
#   GO                    go binary (default: `go` on PATH, else /usr/local/go/bin/go)
#   BUILD_PARALLELISM     go build -p (default 2)
set -euo pipefail

K8S_VERSION="${OLAPCTL_K8S_VERSION:-v1.35.4}"
CACHE_ROOT="${OLAPCTL_CP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/olapctl/controlplane}"
DEST="$CACHE_ROOT/$K8S_VERSION"
BIN="$DEST/bin"
PAR="${BUILD_PARALLELISM:-2}"

log() { printf '[build_controlplane %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

binaries_ok() {
  [[ -x "$BIN/kube-apiserver" && -x "$BIN/kubectl" && -x "$BIN/etcd" ]] || return 1
  "$BIN/kube-apiserver" --version >/dev/null 2>&1 || return 1
  "$BIN/kubectl" version --client >/dev/null 2>&1 || return 1
  "$BIN/etcd" --version >/dev/null 2>&1 || return 1
}

if binaries_ok; then
  log "cached binaries OK in $BIN"
  exit 0
fi

# Serialise concurrent builds of the same version (e.g. parallel test runs).
mkdir -p "$DEST"
exec 9>"$DEST/.build.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9
  if binaries_ok; then
    log "cached binaries OK in $BIN (built by a concurrent run)"
    exit 0
  fi
fi

if [[ -z "${GO:-}" ]]; then
  if command -v go >/dev/null 2>&1; then GO="$(command -v go)"; else GO=/usr/local/go/bin/go; fi
fi
[[ -x "$GO" ]] || { log "no go toolchain found (set GO=...)"; exit 1; }
log "using $("$GO" version)"

# Module downloads go to the default GOMODCACHE (~/go/pkg/mod) and are reused.
export GOFLAGS="-mod=mod -buildvcs=false"
export CGO_ENABLED=0
export GOTOOLCHAIN=local

SECONDS=0
step_start=$SECONDS
step() { log "$1 done in $((SECONDS - step_start))s"; step_start=$SECONDS; }

SRC="$DEST/src"
mkdir -p "$SRC" "$BIN"
cd "$SRC"

# 1. Fetch kubernetes' go.mod to learn its staging modules and go version.
log "downloading k8s.io/kubernetes@$K8S_VERSION go.mod"
K8S_GOMOD="$("$GO" mod download -json "k8s.io/kubernetes@$K8S_VERSION" |
  sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')"
[[ -f "$K8S_GOMOD" ]] || { log "could not download go.mod of k8s.io/kubernetes@$K8S_VERSION"; exit 1; }
GO_DIRECTIVE="$(awk '$1 == "go" { print $2; exit }' "$K8S_GOMOD")"
GODEBUG_LINE="$(awk '$1 == "godebug" { print; exit }' "$K8S_GOMOD")"
# v1.35.4 -> v0.35.4 (staging modules are published as v0.<minor>.<patch>)
STAGING_VERSION="v0.${K8S_VERSION#v1.}"
mapfile -t STAGING < <(sed -nE 's#^[[:space:]]*(replace[[:space:]]+)?(k8s\.io/[^[:space:]]+)[[:space:]]+=>[[:space:]]+\./staging/.*#\2#p' "$K8S_GOMOD" | sort -u)
(( ${#STAGING[@]} > 0 )) || { log "found no staging replaces in $K8S_GOMOD"; exit 1; }
log "k8s $K8S_VERSION: go $GO_DIRECTIVE, ${#STAGING[@]} staging modules at $STAGING_VERSION"
ETCD_VERSION="$(awk '$1 == "go.etcd.io/etcd/server/v3" { print $2; exit }' "$K8S_GOMOD")"
[[ -n "$ETCD_VERSION" ]] || ETCD_VERSION="$(awk '$1 == "go.etcd.io/etcd/client/v3" { print $2; exit }' "$K8S_GOMOD")"
log "etcd version required by kubernetes: $ETCD_VERSION"

# 2. Wrapper module: requires kubernetes + etcd server, replaces staging modules
#    with their published versions (kubernetes' own ./staging replaces are
#    ignored for a dependency, so they must be restated here).
{
  echo "module olapctl.local/controlplane-build"
  echo
  echo "go $GO_DIRECTIVE"
  [[ -n "$GODEBUG_LINE" ]] && { echo; echo "$GODEBUG_LINE"; }
  echo
  echo "require ("
  echo "	k8s.io/kubernetes $K8S_VERSION"
  echo "	go.etcd.io/etcd/server/v3 $ETCD_VERSION"
  echo ")"
  echo
  echo "replace ("
  for m in "${STAGING[@]}"; do echo "	$m => $m $STAGING_VERSION"; done
  echo ")"
} > go.mod
cat > tools.go <<'EOF'
//go:build tools

// Package tools pins the main packages this wrapper module builds.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
EOF
rm -f go.sum
log "resolving module graph (go mod tidy)"
"$GO" mod tidy
# tidy may have bumped etcd if k8s needs a newer one; report what we build.
ETCD_VERSION="$("$GO" list -m -f '{{.Version}}' go.etcd.io/etcd/server/v3)"
step "module resolution"

BUILD_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
MINOR="${K8S_VERSION#v1.}"; MINOR="${MINOR%%.*}"
LDFLAGS="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  LDFLAGS+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$MINOR"
  LDFLAGS+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$BUILD_DATE"
done

build() { # name pkg
  log "building $1 ($2)"
  nice -n 10 "$GO" build -p "$PAR" -trimpath -ldflags "$LDFLAGS" -o "$BIN/$1.tmp" "$2"
  mv -f "$BIN/$1.tmp" "$BIN/$1"
  step "$1"
}
build etcd go.etcd.io/etcd/server/v3
build kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
build kubectl k8s.io/kubernetes/cmd/kubectl

binaries_ok || { log "built binaries do not run"; exit 1; }
{
  echo "kubernetes=$K8S_VERSION"
  echo "etcd=$ETCD_VERSION"
  echo "go=$("$GO" env GOVERSION)"
  echo "built=$BUILD_DATE"
} > "$DEST/VERSIONS"
log "all binaries in $BIN (total ${SECONDS}s)"
"$BIN/kube-apiserver" --version >&2
"$BIN/etcd" --version | head -1 >&2
"$BIN/kubectl" version --client >&2
