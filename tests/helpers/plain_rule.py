"""The text contract, read from the source: text that may hold data reaches a widget only
through partner_tui/ui/common/plain.py.

Textual parses a `str` handed to `notify`, `Label`, `Static`, `Button`, `Option`, a
palette `Hit` (and its help), a DataTable cell or column label, and `Widget.update` as
markup: a company called `[/]` ends the app, `[@click=app.quit]` runs an action. This
checker walks every module of `partner_tui/ui` and reports each such call fed something it
cannot see is safe. Safe is:

- a literal (the program's own words, markup allowed), an f-string without fields, an
  UPPER_CASE constant or an item of one;
- `plain(...)`, `plain_text(...)`, `plain_highlight(...)` (the helpers);
- `Content.from_markup(<literal>, **variables)` (variables go in as plain text),
  `Content.assemble(...)` of safe parts, `Content(<literal>)`, `Text(<literal>)`;
- a method called on something safe (`plain(x).stylize(...)`, `Content("\\n").join(...)`);
- a call of a function of the package annotated to return Content or Text (never str);
- a local name whose every assignment in the function is safe, or a parameter annotated
  Content or Text;
- a conditional or `or` of safe parts.

And anywhere in ui/ but plain.py: `Content(x)`, `Text(x)`, `Content.from_markup(x)`,
`Text.from_markup(x)` of anything but a literal are reported (build those with the helper).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HELPERS = {"plain", "plain_text", "plain_highlight"}
# Calls whose first positional argument is shown as markup when it is a str.
FIRST_ARG = {"notify", "Label", "Static", "Button", "Option", "add_column", "DiscoveryHit"}
# (call, index of the positional argument shown)
NTH_ARG = {"Hit": 1}
# Calls whose first argument is (prompt, value) choices, each prompt shown as markup.
CHOICES = {"Select", "set_options"}
# Keyword arguments shown as markup.
KEYWORDS = {"help", "label", "prompt", "content"}
# Widgets whose `self.update(...)` shows its argument.
UPDATING_BASES = {"Static", "Label", "Button"}
BUILDERS = {"Content", "Text"}
# Rich tables: their cells are checked at add_row.
CONTAINERS = {"Table", "Table.grid"}
_TUPLE = re.compile(r"tuple\[[^\]]*\]")


@dataclass(frozen=True)
class Offence:
    path: str
    line: int
    call: str
    source: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}({self.source})"


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Subscript):  # Select[str](...)
        func = func.value
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_upper(name: str) -> bool:
    return name.lstrip("_").isupper()


def _returns_shown(annotation: str | None) -> bool:
    """An annotation that promises Content or Text, never a bare str."""
    if annotation is None or not ("Content" in annotation or "Text" in annotation):
        return False
    # (text, key) pairs may key by str: only a str outside a tuple is shown.
    return "str" not in _TUPLE.sub("", annotation)


def shown_functions(trees: list[ast.Module]) -> set[str]:
    """Names of the package's functions that return Content or Text (every def of the
    name does)."""
    verdicts: dict[str, bool] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                annotation = ast.unparse(node.returns) if node.returns else None
                ok = _returns_shown(annotation)
                verdicts[node.name] = verdicts.get(node.name, True) and ok
    return {name for name, ok in verdicts.items() if ok}


class _Scope:
    """What the checker knows inside one function: its parameters and assignments."""

    def __init__(self, function: ast.AST | None, outer: _Scope | None = None) -> None:
        # A nested function sees its outer function's names too.
        self.params: dict[str, str | None] = dict(outer.params) if outer else {}
        self.assigned: dict[str, list[ast.expr]] = (
            {k: list(v) for k, v in outer.assigned.items()} if outer else {}
        )
        if function is None:
            return
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            args = function.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
                self.params[arg.arg] = ast.unparse(arg.annotation) if arg.annotation else None
        for node in ast.walk(function):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.assigned.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                if _returns_shown(ast.unparse(node.annotation)):
                    self.assigned.setdefault(node.target.id, []).append(
                        ast.Constant(value="")  # annotated Content/Text: trusted
                    )
                elif node.value is not None:
                    self.assigned.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                self.assigned.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, ast.For | ast.comprehension) and isinstance(
                node.target, ast.Name
            ):
                # A loop variable: as safe as what it runs over.
                self.assigned.setdefault(node.target.id, []).append(
                    ast.Starred(value=node.iter)
                )


class Checker:
    def __init__(self, shown: set[str]) -> None:
        self.shown = shown

    # -- is an expression safe to show? -----------------------------------------------------
    def safe(self, node: ast.expr, scope: _Scope, seen: frozenset[str] = frozenset()) -> bool:
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(isinstance(v, ast.Constant) for v in node.values)
        if isinstance(node, ast.Name):
            return self._safe_name(node.id, scope, seen)
        if isinstance(node, ast.Attribute):
            return _is_upper(node.attr)
        if isinstance(node, ast.Subscript):
            return isinstance(node.value, ast.Name | ast.Attribute) and _is_upper(
                _name(node.value) or ""
            )
        if isinstance(node, ast.IfExp):
            return self.safe(node.body, scope, seen) and self.safe(node.orelse, scope, seen)
        if isinstance(node, ast.BoolOp):
            return all(self.safe(v, scope, seen) for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.safe(node.left, scope, seen) and self.safe(node.right, scope, seen)
        if isinstance(node, ast.List | ast.Tuple):
            return all(self.safe(e, scope, seen) for e in node.elts)
        if isinstance(node, ast.ListComp | ast.GeneratorExp):
            return self.safe(node.elt, scope, seen)
        if isinstance(node, ast.Starred):
            return self.safe(node.value, scope, seen)
        if isinstance(node, ast.Call):
            return self._safe_call(node, scope, seen)
        return False

    def _safe_name(self, name: str, scope: _Scope, seen: frozenset[str]) -> bool:
        if _is_upper(name):
            return True
        if name in seen:
            return True  # a loop through itself adds nothing unsafe
        if name in scope.params:
            return _returns_shown(scope.params[name])
        values = scope.assigned.get(name)
        if not values:
            return False
        return all(self.safe(v, scope, seen | {name}) for v in values)

    def _safe_call(self, node: ast.Call, scope: _Scope, seen: frozenset[str]) -> bool:
        func = node.func
        name = _name(func)
        if isinstance(func, ast.Name) and name in HELPERS:
            return True
        if isinstance(func, ast.Name) and name in BUILDERS:
            return all(isinstance(a, ast.Constant) for a in node.args[:1])
        if ast.unparse(func) in CONTAINERS:
            return True  # what goes in is checked where it goes in (add_row)
        if isinstance(func, ast.Attribute):
            owner = func.value
            if isinstance(owner, ast.Name) and owner.id in BUILDERS:
                if name == "from_markup":
                    return bool(node.args) and _literal(node.args[0])
                if name == "assemble":
                    return all(self.safe(a, scope, seen) for a in node.args)
                return False
            if self.safe(owner, scope, seen) and not isinstance(owner, ast.Constant):
                return True  # a method of something safe: stylize, join, ...
        if name in self.shown:
            return True
        return False

    # -- where text is shown -------------------------------------------------------------------
    def shown_arguments(self, node: ast.Call, updating: bool) -> Iterator[ast.expr]:
        name = _name(node.func)
        if name in FIRST_ARG and node.args:
            yield node.args[0]
        if name in NTH_ARG and len(node.args) > NTH_ARG[name]:
            yield node.args[NTH_ARG[name]]
        if name == "add_row":
            yield from node.args
        if name in CHOICES and node.args:
            yield from _prompts_of(node.args[0])
        if name == "update" and updating and node.args:
            yield node.args[0]
        if name in FIRST_ARG | set(NTH_ARG) | {"add_row"}:
            for keyword in node.keywords:
                if keyword.arg in KEYWORDS:
                    yield keyword.value

    def built_from_data(self, node: ast.Call) -> bool:
        """Content(x) or Text(x) or from_markup(x) of a non-literal, outside the helper."""
        func = node.func
        name = _name(func)
        if isinstance(func, ast.Name) and name in BUILDERS:
            return bool(node.args) and not isinstance(node.args[0], ast.Constant)
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in BUILDERS
            and name in ("from_markup", "from_text")
        ):
            return bool(node.args) and not _literal(node.args[0])
        return False


def _prompts_of(options: ast.expr) -> Iterator[ast.expr]:
    """The prompts of a Select's (prompt, value) choices, where the source shows them."""
    if isinstance(options, ast.List | ast.Tuple):
        for item in options.elts:
            yield item.elts[0] if isinstance(item, ast.Tuple) and item.elts else item
    elif isinstance(options, ast.ListComp | ast.GeneratorExp) and isinstance(
        options.elt, ast.Tuple
    ):
        yield options.elt.elts[0]
    else:
        yield options  # a name or a call: safe only if known to hold Text prompts


def _literal(node: ast.expr) -> bool:
    """A literal, or a choice between literals."""
    if isinstance(node, ast.IfExp):
        return _literal(node.body) and _literal(node.orelse)
    return isinstance(node, ast.Constant)


def _plain_str(call: ast.Call, argument: ast.expr) -> bool:
    """`str(plain(x))` told `markup=False`: the helper's text, kept a str (the app's
    notify does this, so a Notification's message stays a str)."""
    told_plain = any(
        k.arg == "markup" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in call.keywords
    )
    return (
        told_plain
        and isinstance(argument, ast.Call)
        and _name(argument.func) == "str"
        and len(argument.args) == 1
        and isinstance(argument.args[0], ast.Call)
        and _name(argument.args[0].func) in HELPERS
    )


def _updates_a_widget(call: ast.Call, scope: _Scope, updating_self: bool) -> bool:
    """`x.update(...)` where x is a widget: found by query_one, or this widget itself."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr != "update":
        return False
    owner = func.value
    if isinstance(owner, ast.Name) and owner.id == "self":
        return updating_self
    if isinstance(owner, ast.Call) and _name(owner.func) in ("query_one", "query_exactly_one"):
        return True
    if isinstance(owner, ast.Name):
        # Found by a query, or a loop over one (`for history in self.query(...)`).
        return any(".query" in ast.unparse(v) for v in scope.assigned.get(owner.id, []))
    return False


def offences_in(tree: ast.Module, path: str, checker: Checker) -> list[Offence]:
    found: list[Offence] = []

    def visit(node: ast.AST, scope: _Scope, updating_self: bool) -> None:
        for child in ast.iter_child_nodes(node):
            child_scope, child_updating = scope, updating_self
            if isinstance(child, ast.ClassDef):
                bases = {_name(b) for b in child.bases}
                child_updating = bool(bases & UPDATING_BASES)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                child_scope = _Scope(child, scope)
            if isinstance(child, ast.Call):
                updating = _updates_a_widget(child, scope, updating_self)
                for argument in checker.shown_arguments(child, updating):
                    if not checker.safe(argument, scope) and not _plain_str(child, argument):
                        found.append(
                            Offence(path, child.lineno, _name(child.func) or "?",
                                    ast.unparse(argument))
                        )
                if checker.built_from_data(child):
                    found.append(
                        Offence(path, child.lineno, _name(child.func) or "?",
                                ast.unparse(child.args[0]))
                    )
            visit(child, child_scope, child_updating)

    visit(tree, _Scope(None), False)
    return found


def check_sources(sources: dict[str, str], exempt: set[str] = frozenset()) -> list[Offence]:
    """Every offence in `sources` (path -> text); `exempt` paths are only read for the
    functions they annotate (the helper itself builds Content from data, by design)."""
    trees = {path: ast.parse(text) for path, text in sources.items()}
    checker = Checker(shown_functions(list(trees.values())))
    found: list[Offence] = []
    for path, tree in trees.items():
        if path not in exempt:
            found += offences_in(tree, path, checker)
    return found


def check_package(ui_folder: Path) -> list[Offence]:
    sources = {
        str(p.relative_to(ui_folder.parent)): p.read_text(encoding="utf-8")
        for p in sorted(ui_folder.rglob("*.py"))
    }
    return check_sources(sources, exempt={"ui/common/plain.py"})
