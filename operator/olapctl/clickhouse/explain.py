"""What a statement reaches, read off ClickHouse's own parser: the tree `EXPLAIN AST` prints.

Pure functions over the printed lines (the query runs in confine.py). `EXPLAIN AST` is syntactic: it needs no
table to exist, and it shows every table, table function, engine, dictionary and function of a statement,
subqueries, joins, `IN` operands and CTEs included. Its text form prints names unquoted, so anything that
would make the print ambiguous (a line break in a name, a database name with a dot or parenthesis) is refused
rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The first word of a line in EXPLAIN AST; `Function file (alias x) (children 1)` -> kind Function, text 'file'.
_CHILDREN = re.compile(r" \(children \d+\)$")
# Functions whose second argument, when it is a name, is a table (`x IN db.t` reads db.t).
IN_FUNCTIONS = frozenset(
    name.lower()
    for name in (
        "in notIn globalIn globalNotIn nullIn notNullIn globalNullIn globalNotNullIn "
        "inIgnoreSet notInIgnoreSet globalInIgnoreSet globalNotInIgnoreSet"
    ).split()
)
# Functions whose first argument names a table or dictionary ('db.name' or db.name).
JOIN_GET = frozenset({"joinget", "joingetornull"})
# Root kinds of statements whose target is given by the root's Identifier children (database, name).
TARGETED = frozenset({"CreateQuery", "AlterQuery", "DropQuery", "TruncateQuery", "OptimizeQuery", "InsertQuery"})


class ExplainError(ValueError):
    """The printed tree cannot be read unambiguously."""


@dataclass
class Node:
    kind: str
    text: str
    children: list[Node] = field(default_factory=list)


def parse(lines: list[str]) -> Node:
    """The tree of EXPLAIN AST's lines (one node a line, one space of indentation a level)."""
    if not lines:
        raise ExplainError("EXPLAIN AST printed nothing")
    stack: list[tuple[int, Node]] = []
    root: Node | None = None
    for line in lines:
        depth = len(line) - len(line.lstrip(" "))
        body = _CHILDREN.sub("", line[depth:])
        kind, _, text = body.partition(" ")
        node = Node(kind, text)
        if root is None:
            if depth:
                raise ExplainError(f"unexpected first line {line!r}")
            root, stack = node, [(0, node)]
            continue
        if depth == 0 or depth > stack[-1][0] + 1:
            raise ExplainError("a name contains a line break; its statement cannot be checked")
        while stack[-1][0] >= depth:
            stack.pop()
        stack[-1][1].children.append(node)
        stack.append((depth, node))
    assert root is not None
    # clickhouse-connect appends FORMAT Native to queries; EXPLAIN prints it as the root's last child
    if root.children and root.children[-1].kind == "Identifier" and root.children[-1].text == "Native":
        root.children.pop()
    return root


TableRef = tuple[str | None, str]  # (database or None for the current one, name)


@dataclass
class Access:
    """Everything a statement reaches."""

    statement: str = ""  # root kind: SelectWithUnionQuery, CreateQuery, AlterQuery, ...
    target: TableRef | None = None  # the table a DDL/INSERT statement acts on
    tables: set[TableRef] = field(default_factory=set)  # the statement's own target, exactly
    printed: set[str] = field(default_factory=set)  # tables read, written or dropped, as printed
    dictionaries: set[str] = field(default_factory=set)  # as named: 'db.dict' or 'dict'
    table_functions: set[str] = field(default_factory=set)
    engines: list[tuple[str, list[Node]]] = field(default_factory=list)  # (engine, its argument nodes)
    functions: set[str] = field(default_factory=set)  # scalar and aggregate functions called
    unsupported: list[str] = field(default_factory=list)  # what cannot be confined (refused by the caller)
    view_targets: bool = False  # a materialized view's TO clause, not shown by the print
    alter_commands: list[str] = field(default_factory=list)  # ADD_COLUMN, DROP_COLUMN, DELETE, ...


def _name(text: str) -> str:
    """A printed name without its alias: 'db.t (alias x)' -> 'db.t'."""
    return text.split(" (alias ", 1)[0]


def printed_name(text: str) -> str:
    """A table name as EXPLAIN AST prints it ('db.t', 't', or with dots inside quoted parts), alias removed."""
    return _name(text)


def database_candidates(printed: str) -> list[str | None]:
    """The databases a printed name may mean: the print does not quote, so `a.b`.c and a.`b.c` both print
    a.b.c; None stands for the current database (a table named 'a.b.c')."""
    return [None] + [printed[:i] for i, ch in enumerate(printed) if ch == "."]


def _literal_string(node: Node) -> str | None:
    """The value of a plain string literal without escapes, else None."""
    text = node.text
    if node.kind != "Literal" or len(text) < 2 or text[0] != "'" or text[-1] != "'":
        return None
    body = text[1:-1]
    if "\\" in body or "'" in body:
        return None
    return body


def _arguments(fn: Node) -> list[Node]:
    for child in fn.children:
        if child.kind == "ExpressionList":
            return child.children
    return []


def access(root: Node) -> Access:
    found = Access(statement=root.kind)
    if root.kind in TARGETED:
        names = [c.text for c in root.children if c.kind == "Identifier"]
        if len(names) == 2:
            found.target = (names[0], names[1])
        elif len(names) == 1:
            found.target = (None, names[0])
        if found.target:
            found.tables.add(found.target)
    for child in root.children:
        if root.kind == "InsertQuery" and child.kind == "Function":
            found.table_functions.add(_name(child.text).lower())
            _walk_args(child, found)
        else:
            _walk(child, found, root)
    return found


def _walk_args(fn: Node, found: Access) -> None:
    for child in fn.children:
        _walk(child, found, fn)


def _walk(node: Node, found: Access, parent: Node) -> None:
    kind = node.kind
    if kind == "TableIdentifier":
        found.printed.add(printed_name(node.text))
        return
    if kind == "AlterCommand":
        found.alter_commands.append(node.text)
    if kind == "ViewTargets":
        found.view_targets = True  # the TO table of a materialized view, which the print does not show
    if kind == "Dictionary" or kind == "FunctionWithKeyValueArguments":
        found.unsupported.append(f"{kind} {node.text}".strip())
    if kind == "Function":
        name = _name(node.text)
        lowered = name.lower()
        if parent.kind == "TableExpression":
            found.table_functions.add(lowered)
        elif parent.kind == "Storage" and parent.children[0] is node:  # the engine; keys follow it
            found.engines.append((name, _arguments(node)))
        else:
            found.functions.add(lowered)
            args = _arguments(node)
            if lowered in IN_FUNCTIONS and len(args) == 2 and args[1].kind == "Identifier":
                found.printed.add(printed_name(args[1].text))
            if lowered in JOIN_GET or lowered.startswith("dict"):
                first = args[0] if args else None
                value = _literal_string(first) if first is not None else None
                if first is not None and first.kind == "Identifier":
                    value = _name(first.text)
                if value is None:
                    found.unsupported.append(f"{name} with a first argument that is not a plain name")
                else:
                    (found.printed if lowered in JOIN_GET else found.dictionaries).add(value)
    for child in node.children:
        _walk(child, found, node)
