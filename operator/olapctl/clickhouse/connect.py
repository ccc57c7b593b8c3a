"""URL -> clickhouse-connect client. `http(s)://user:pass@host:port/db` for a server, `chdb:///path` for the
embedded engine (chdb allows one data path per process, so its clients are shared per path)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import clickhouse_connect
from clickhouse_connect.driver.client import Client

_EMBEDDED: dict[str, tuple[Client, threading.RLock]] = {}
NEUTRAL_DATABASE = "system"  # always exists; current database for statements whose names are all qualified


class TargetError(ValueError):
    """A target URL that cannot be used; never contains the password."""


@dataclass
class Target:
    client: Client
    database: str
    display: str  # the URL without credentials, safe to print
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)  # client state is per statement
    canonical_codecs: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)  # normalize.py's

    def command(self, sql: str, database: str | None = None, **kw: Any) -> Any:
        """Run one statement. `database` is the current database for unqualified names; without one, the
        neutral `system` database (the statement's names are qualified, and its own database may not exist yet)."""
        with self.lock:
            self.client.database = database or NEUTRAL_DATABASE
            return self.client.command(sql, **kw)

    def query(self, sql: str, parameters: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Rows of a query whose names are all qualified."""
        with self.lock:
            self.client.database = NEUTRAL_DATABASE
            return [tuple(row) for row in self.client.query(sql, parameters=parameters).result_rows]

    def insert(self, database: str, table: str, rows: list[list[Any]], columns: list[str], types: list[str]) -> None:
        """Insert rows; the column types are given so no DESCRIBE round trip precedes the insert."""
        with self.lock:
            self.client.database = NEUTRAL_DATABASE
            self.client.insert(table, rows, column_names=columns, column_type_names=types, database=database)


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None and parts.username is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return parts._replace(netloc=f"{parts.username or ''}:***@{host}").geturl()


def connect(url: str) -> Target:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if parts.scheme == "chdb":
        path = parts.path or "/"
        database = query.get("database", ["default"])[0]
        if path not in _EMBEDDED:
            if _EMBEDDED:
                raise TargetError(
                    f"chdb://{path}: this process already uses the embedded engine at "
                    f"{next(iter(_EMBEDDED))}; chdb allows one data path per process"
                )
            _EMBEDDED[path] = (clickhouse_connect.get_client(dsn=f"chdb://{path}"), threading.RLock())
        client, lock = _EMBEDDED[path]
        return Target(client, database, f"chdb://{path}", lock)
    if parts.scheme in ("http", "https"):
        database = parts.path.strip("/") or query.get("database", ["default"])[0]
        try:
            client = clickhouse_connect.get_client(
                host=parts.hostname or "localhost",
                port=parts.port or (8443 if parts.scheme == "https" else 8123),
                username=unquote(parts.username or "default"),
                password=unquote(parts.password or ""),
                secure=parts.scheme == "https",
                database="default",
            )
        except Exception as exc:  # clickhouse-connect raises several types; none may leak the password
            raise TargetError(
                f"cannot connect to {redact(url)}: {type(exc).__name__}: "
                + str(exc).replace(parts.password or "\0", "***")
            ) from None
        return Target(client, database, redact(url))
    raise TargetError(f"unsupported target URL {redact(url)!r}: use http(s)://user:pass@host:port/db or chdb:///path")
