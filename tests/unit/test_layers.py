"""The package's layers look down only: the shared rules (customer_request) below everything
that handles a request; storage below the form (contact); the flow below the web layer; and
no module reaches for another package's private names."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "alma_widget"
UPPER = ("contact", "identity", "storage", "flow", "conversation", "delivery", "admin")
# package: the packages it must never import.
NEVER = {
    "customer_request": (*UPPER, "components", "web", "embedding"),
    "storage": ("contact", "identity", "conversation", "components", "web"),
    "flow": ("web", "contact", "components"),
    # The form takes the signed-in customer's suggested address by registering with identity.
    "identity": ("contact", "components", "admin"),
}


def _imports(path: Path) -> list[ast.ImportFrom]:
    return [n for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.ImportFrom)]


def _modules_of(package: str) -> list[Path]:
    return sorted((PACKAGE / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(NEVER))
def test_a_layer_imports_nothing_above_it(package):
    above = [
        f"{path.relative_to(PACKAGE)} imports {node.module}"
        for path in _modules_of(package)
        for node in _imports(path)
        if node.module
        and any(node.module.startswith(f"alma_widget.{upper}") for upper in NEVER[package])
    ]
    assert above == []


def test_no_module_uses_another_package_s_private_names():
    borrowed = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = path.relative_to(PACKAGE).parts[0]
        for node in _imports(path):
            parts = (node.module or "").split(".")
            if parts[0] != "alma_widget" or len(parts) < 2 or parts[1] == own:
                continue
            borrowed += [
                f"{path.relative_to(PACKAGE)}: {node.module}.{alias.name}"
                for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__")
            ]
    assert borrowed == []
