"""URL -> clickhouse-connect client. `http(s)://user:pass@host:port/db` for a server, `chdb:///path` for the
embedded engine (chdb allows one data path per process, so its clients are shared per path).

A URL also says what the target's declarations may reach (tenancy.py): `?databases=a,b` (besides its own
database), `engines=Distributed` and `clusters=c` opt in to more than the default allow-lists.
"""

from __future__ import annotations

import dataclasses
import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

import clickhouse_connect
from clickhouse_connect.driver.client import Client

from olapctl.schema.sqltext import qualified

if TYPE_CHECKING:
    from olapctl.clickhouse.explain import Access

_EMBEDDED: dict[str, tuple[Client, threading.RLock]] = {}
NEUTRAL_DATABASE = "system"  # always exists; current database for statements whose names are all qualified


class TargetError(ValueError):
    """A target URL that cannot be used; never contains the password."""


@dataclass(frozen=True)
class Tenancy:
    """What a target's declarations may reach beyond the default allow-lists (see tenancy.py)."""

    databases: frozenset[str] = frozenset()  # besides the target's own database
    # the command line on a URL without `databases=` (the user's own credentials): any database, engine, cluster
    any_database: bool = False
    engines: frozenset[str] = frozenset()  # table engines opted in (e.g. Distributed)
    clusters: frozenset[str] = frozenset()  # clusters for ON CLUSTER and Distributed

    @classmethod
    def of_query(cls, query: dict[str, list[str]]) -> Tenancy:
        def items(key: str) -> frozenset[str]:
            return frozenset(x.strip() for v in query.get(key, []) for x in v.split(",") if x.strip())

        return cls(databases=items("databases"), engines=items("engines"), clusters=items("clusters"))


@dataclass
class Target:
    client: Client
    database: str
    display: str  # the URL without credentials, safe to print
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)  # client state is per statement
    canonical_codecs: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)  # normalize.py's
    tenancy: Tenancy = field(default_factory=Tenancy)
    explained: dict[tuple[str, str], Access] = field(default_factory=dict, repr=False)  # tenancy.py's cache
    known: dict[str, Any] = field(default_factory=dict, repr=False)  # introspect.py's objects and fingerprints

    def allows(self, database: str) -> bool:
        return self.tenancy.any_database or database == self.database or database in self.tenancy.databases

    def allowed_databases(self) -> str:
        """For messages."""
        return "any" if self.tenancy.any_database else ", ".join(sorted(self.tenancy.databases | {self.database}))

    def command(self, sql: str, database: str | None = None, **kw: Any) -> Any:
        """Run one statement. `database` is the current database for unqualified names; without one, the
        neutral `system` database (the statement's names are qualified, and its own database may not exist yet)."""
        with self.lock:
            self.client.database = database or NEUTRAL_DATABASE
            return self.client.command(sql, **kw)

    def query(
        self, sql: str, parameters: dict[str, Any] | None = None, database: str | None = None
    ) -> list[tuple[Any, ...]]:
        """Rows of a query; `database` resolves its unqualified names (by default they must all be qualified)."""
        with self.lock:
            self.client.database = database or NEUTRAL_DATABASE
            return [tuple(row) for row in self.client.query(sql, parameters=parameters).result_rows]

    def insert(self, database: str, table: str, rows: Sequence[Sequence[Any]], columns: Sequence[str]) -> None:
        """Insert rows (strings and numbers), in one INSERT, sent as JSONEachRow. Not through clickhouse-connect's
        insert(): its first call imports pandas when it is installed (the embedded extra installs it) to see whether
        the rows are a DataFrame: 0.4-0.55 s and 74 MiB of the operator's RSS at its first ledger write."""
        block = "".join(json.dumps(dict(zip(columns, row, strict=True))) + "\n" for row in rows)
        with self.lock:
            self.client.database = NEUTRAL_DATABASE
            self.client.raw_insert(qualified(database, table), columns, block.encode(), fmt="JSONEachRow")


@dataclass(frozen=True)
class UrlParts:
    parts: SplitResult  # without credentials
    username: str | None
    password: str | None

    def display(self) -> str:
        if self.username is None and self.password is None:
            return unsplit(self.parts)
        return unsplit(self.parts._replace(netloc=f"{self.username or ''}:***@{self.parts.netloc}"))


def unsplit(parts: SplitResult) -> str:
    """geturl() that keeps `scheme://` when the authority is empty (chdb:///path)."""
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme}://{parts.netloc}{parts.path}{query}"


def parse_url(url: str) -> UrlParts:
    """Split a target URL, credentials apart. The user information ends at the last '@' of the authority, so a
    password may hold '/', '#', '?', '@' or ':' unencoded and still never reach the host, path or query."""
    m = re.fullmatch(r"([A-Za-z][A-Za-z0-9+.-]*)://(.*)", url, re.DOTALL)
    if not m:
        raise TargetError("unsupported target URL: use http(s)://user:pass@host:port/db or chdb:///path")
    scheme, rest = m.group(1).lower(), m.group(2)
    username = password = None
    if scheme in ("http", "https") and "@" in rest:
        userinfo, rest = rest.rsplit("@", 1)
        user, sep, secret = userinfo.partition(":")
        username, password = unquote(user), unquote(secret) if sep else None
    try:
        parts = urlsplit(f"{scheme}://{rest}")
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number)
    except ValueError:
        raise TargetError(f"target URL {scheme}://…: cannot read its host and port") from None
    return UrlParts(parts, username, password)


def redact(url: str) -> str:
    try:
        return parse_url(url).display()
    except TargetError:
        return "<target URL that cannot be read>"


EMBEDDED_EXTRA = "olapctl[embedded]"  # pyproject.toml's extra that installs chdb


def _require_embedded_engine(path: str) -> None:
    """chdb (a ~550 MB shared library) is an extra that a server deployment leaves out; it is imported only here,
    when a chdb:// URL is first connected, so the http(s) path and `import olapctl` never load it."""
    try:
        import chdb  # noqa: F401
    except ImportError as exc:
        if exc.name == "chdb" or (exc.name or "").startswith("chdb."):
            raise TargetError(f"chdb://{path} needs the embedded engine: pip install '{EMBEDDED_EXTRA}'") from None
        raise TargetError(f"chdb://{path}: the embedded engine cannot be loaded: {exc}") from None


def connect(url: str, *, confined: bool = True) -> Target:
    """A target for `url`. `confined`: its declarations act only in the URL's database and `databases=` (the
    operator, always); else, unless the URL names `databases=`, in any database (the command line, run with the
    user's own credentials). Engines and table functions are confined either way."""
    found = parse_url(url)
    parts = found.parts
    query = parse_qs(parts.query)
    tenancy = Tenancy.of_query(query)
    if not confined and "databases" not in query:
        tenancy = dataclasses.replace(tenancy, any_database=True)
    if parts.scheme == "chdb":
        path = parts.path or "/"
        database = query.get("database", ["default"])[0]
        if path not in _EMBEDDED:
            if _EMBEDDED:
                raise TargetError(
                    f"chdb://{path}: this process already uses the embedded engine at "
                    f"{next(iter(_EMBEDDED))}; chdb allows one data path per process"
                )
            _require_embedded_engine(path)
            _EMBEDDED[path] = (clickhouse_connect.get_client(dsn=f"chdb://{path}"), threading.RLock())
        client, lock = _EMBEDDED[path]
        return Target(client, database, f"chdb://{path}", lock, tenancy=tenancy)
    if parts.scheme in ("http", "https"):
        database = unquote(parts.path.strip("/")) or query.get("database", ["default"])[0]
        try:
            client = clickhouse_connect.get_client(
                host=parts.hostname or "localhost",
                port=parts.port or (8443 if parts.scheme == "https" else 8123),
                username=found.username or "default",
                password=found.password or "",
                secure=parts.scheme == "https",
                database="default",
            )
        except Exception as exc:  # clickhouse-connect raises several types; none may leak the password
            text = str(exc)
            for secret in {found.password, url} - {None, ""}:
                text = text.replace(str(secret), "***")
            raise TargetError(f"cannot connect to {found.display()}: {type(exc).__name__}: {text}") from None
        return Target(client, database, found.display(), tenancy=tenancy)
    raise TargetError(
        f"unsupported target URL {found.display()!r}: use http(s)://user:pass@host:port/db or chdb:///path"
    )
