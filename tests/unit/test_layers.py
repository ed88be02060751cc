"""The import rules docs/ARCHITECTURE.md states hold for the code: each package imports only what its row of
the layers table lists, and no two modules import each other, directly or around a loop.

Every import statement counts, wherever it stands (module level, inside a function, under TYPE_CHECKING):
a lazy or type-only import is still a dependency someone has to understand.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "pictory_desktop"
PAGE = ROOT / "docs" / "ARCHITECTURE.md"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imported_modules(name: str) -> Iterator[str]:
    """The package's modules that module ``name`` imports (a ``from package import module`` names the module)."""
    path = MODULES[name]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            candidates = [[alias.name] for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            candidates = [[f"{target}.{alias.name}", target] for alias in node.names]
        else:
            continue
        for options in candidates:
            found = next((option for option in options if option in MODULES), None)
            if found is not None and found != name:
                yield found


def allowed_by_the_page() -> dict[str, tuple[set[str], dict[str, set[str]]]]:
    """{package: (packages it may import, {package: the only modules of it allowed})} from the layers table."""
    text = PAGE.read_text("utf-8")
    table = text.split("<!-- layers")[1].split("<!-- /layers -->")[0]
    rules: dict[str, tuple[set[str], dict[str, set[str]]]] = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not cells[0].startswith("`"):
            continue
        layer = cells[0].strip("`")
        names = re.findall(r"`([a-z_.]+)`", cells[1])
        packages = {n for n in names if "." not in n}
        only: dict[str, set[str]] = defaultdict(set)
        for restricted in re.findall(r"only `([a-z_]+\.[a-z_]+)`", cells[1]):
            package, _, module = restricted.partition(".")
            only[package].add(f"pictory_desktop.{package}.{module}")
        rules[layer] = (packages, dict(only))
    return rules


def test_the_page_has_a_row_for_every_package():
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    rules = allowed_by_the_page()
    assert packages <= set(rules), "docs/ARCHITECTURE.md's layers table misses a package"
    assert rules["domain"] == (set(), {})  # the table is read as written: the domain imports no other layer
    assert rules["api"] == ({"store"}, {"store": {"pictory_desktop.store.atomic"}})


def test_every_import_is_one_the_architecture_page_allows():
    rules = allowed_by_the_page()
    wrong: list[str] = []
    for module in sorted(MODULES):
        layer = module.split(".")[1] if module.count(".") >= 1 else ""
        if layer not in rules:
            continue  # pictory_desktop/__init__.py and __main__.py sit above the layers
        packages, only = rules[layer]
        for target in imported_modules(module):
            target_layer = target.split(".")[1] if target.count(".") >= 1 else ""
            if target_layer in ("", layer):
                continue
            if target_layer not in packages:
                wrong.append(f"{module} imports {target}: `{layer}` may not import `{target_layer}`")
            elif target_layer in only and target not in only[target_layer]:
                wrong.append(f"{module} imports {target}: `{layer}` may use only {sorted(only[target_layer])}")
    assert wrong == []


def test_no_import_cycles_between_modules():
    graph = {module: set(imported_modules(module)) for module in MODULES}
    # Packages' __init__ re-exports are the package's own business; a cycle through one is still a cycle.
    cycles = [component for component in strongly_connected(graph) if len(component) > 1]
    assert cycles == []


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (the package is small, but recursion limits are not a test's business)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def test_the_cycle_finder_finds_a_cycle():
    # A checker that cannot fail proves nothing: the same function on a graph with a known loop.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert [c for c in strongly_connected(graph) if len(c) > 1] == [["a", "b", "c"]]
