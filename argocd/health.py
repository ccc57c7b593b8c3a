"""Run the olapctl health checks the way Argo CD runs a resource customization, on a real Lua interpreter.

    kubectl get migrationplan release-1 -o json | python argocd/health.py -
    python argocd/health.py argocd/testdata/*.json

Argo CD (util/lua in argo-cd) runs a health script on gopher-lua, a Lua 5.1 implementation, with only the base,
table, package and a safe `os` (time, date) libraries for argocd-cm scripts; the live object, decoded from JSON
(numbers become Lua numbers, arrays 1-based tables, null nil), is the global `obj`. The script returns a table that is
encoded to JSON and read as {status, message}; a status outside Argo CD's set becomes Unknown. This module does the
same on lupa's embedded Lua 5.1 (needs `pip install lupa`).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lupa.lua51  # type: ignore[import-untyped,import-not-found,unused-ignore]

CUSTOMIZATIONS = Path(__file__).resolve().parent / "resource_customizations"
HEALTH_STATUSES = ("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown")
# What Argo CD opens for argocd-cm scripts (SkipOpenLibs, then package, base, table and its safe os).
BASE = (
    "_G _VERSION assert collectgarbage dofile error getfenv getmetatable ipairs load loadfile loadstring module "
    "newproxy next pairs pcall print rawequal rawget rawset require select setfenv setmetatable tonumber tostring "
    "type unpack xpcall package table os"
).split()
SAFE_OS = ("time", "date")


class HealthScriptError(Exception):
    """The script failed or returned something Argo CD cannot read (Argo CD shows the resource's health as an error)."""


@dataclass(frozen=True)
class Health:
    status: str
    message: str


def script_for(group_kind: str) -> str:
    """The built-in layout's script for 'group/Kind', e.g. 'olapctl.dev/MigrationPlan'."""
    return (CUSTOMIZATIONS / group_kind / "health.lua").read_text()


def group_kind(obj: dict[str, Any]) -> str:
    group = str(obj.get("apiVersion", "")).rpartition("/")[0]
    return f"{group}/{obj.get('kind', '')}" if group else str(obj.get("kind", ""))


def _sandbox() -> Any:
    lua = lupa.lua51.LuaRuntime(unpack_returned_tuples=False, register_eval=False, register_builtins=False)
    lua.execute(
        """
        local keep, os_keep = ...
        local allowed, safe_os = {}, {}
        for _, name in ipairs(keep) do allowed[name] = true end
        for _, name in ipairs(os_keep) do safe_os[name] = os[name] end
        debug.setmetatable("", nil)  -- no string library: no ("x"):len() either
        for name in pairs(_G) do
          if not allowed[name] then _G[name] = nil end
        end
        os = safe_os
        """,
        lua.table_from(BASE),
        lua.table_from(SAFE_OS),
    )
    return lua


def _to_lua(lua: Any, value: Any) -> Any:
    """Argo CD's decodeValue: maps and arrays become tables (arrays 1-based), null becomes nil."""
    if isinstance(value, dict):
        table = lua.table()
        for key, item in value.items():
            converted = _to_lua(lua, item)
            if converted is not None:
                table[str(key)] = converted
        return table
    if isinstance(value, list):
        table = lua.table()
        for index, item in enumerate(value, start=1):
            table[index] = _to_lua(lua, item)
        return table
    if isinstance(value, bool | str) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)  # gopher-lua numbers are float64
    raise TypeError(f"not a JSON value: {value!r}")


def _type_name(value: Any) -> str:
    if value is None:
        return "nil"
    names = {bool: "boolean", int: "number", float: "number", str: "string", bytes: "string"}
    return str(lupa.lua51.lua_type(value) or names.get(type(value), type(value).__name__))


def _from_lua(value: Any) -> Any:
    if lupa.lua51.lua_type(value) == "table":
        keys = list(value.keys())
        if all(isinstance(k, int | float) for k in keys):  # gopher-json: an empty table is an array too
            return [_from_lua(value[k]) for k in sorted(keys)]
        return {str(k): _from_lua(value[k]) for k in keys}
    return value


def evaluate(script: str, obj: dict[str, Any]) -> Health:
    """The health Argo CD computes for `obj` with `script` (ExecuteHealthLua)."""
    lua = _sandbox()
    lua.globals().obj = _to_lua(lua, json.loads(json.dumps(obj)))
    try:
        result = lua.execute(script)
    except lupa.lua51.LuaError as exc:
        raise HealthScriptError(f"Lua error: {exc}") from None
    if lupa.lua51.lua_type(result) != "table":
        raise HealthScriptError(f"expect table output from Lua script, not {_type_name(result)}")
    decoded = _from_lua(result)
    if not isinstance(decoded, dict):  # luajson encodes an empty or list-like table as an array
        raise HealthScriptError(f"health script returned {json.dumps(decoded)}, not an object")
    status, message = decoded.get("status", ""), decoded.get("message", "")
    if not isinstance(status, str) or not isinstance(message, str):
        raise HealthScriptError(f"health script returned {decoded!r}: status and message must be strings")
    if status not in HEALTH_STATUSES:
        return Health("Unknown", "Lua returned an invalid health status")
    return Health(status, message)


def health(obj: dict[str, Any]) -> Health:
    """The health of a live olapctl object, with the script of its kind."""
    return evaluate(script_for(group_kind(obj)), obj)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    for arg in argv:
        obj = json.loads(sys.stdin.read() if arg == "-" else Path(arg).read_text())
        result = health(obj)
        print(f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}: {result.status}: {result.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
