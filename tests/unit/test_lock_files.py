"""The lock files (requirements/*.txt) hold what pyproject.toml asks for: a dependency added
or a range changed without `make lock` is caught here, not on a production machine."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)", re.MULTILINE)


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    return {canonicalize_name(name): version for name, version in _PIN.findall(text)}


def asked(*extras: str) -> list[Requirement]:
    wanted = list(PROJECT["dependencies"])
    for extra in extras:
        wanted += PROJECT["optional-dependencies"][extra]
    return [Requirement(line) for line in wanted]


@pytest.mark.parametrize(("lock", "extras"), [("serve.txt", ()), ("dev.txt", ("dev",))])
def test_every_dependency_is_pinned_within_its_range(lock, extras):
    pinned = pins(lock)
    for requirement in asked(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} manque dans requirements/{lock} : make lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{name}=={pinned[name]} hors de « {requirement.specifier} » : make lock"
        )


def test_every_pin_has_its_hashes():
    for lock in ("serve.txt", "dev.txt"):
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        for block in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 6)[-1]):
            if _PIN.match(block):
                assert "--hash=sha256:" in block, block.splitlines()[0]


def test_production_installs_no_test_tool():
    serve = pins("serve.txt")
    for tool in asked("dev"):
        name = canonicalize_name(tool.name)
        if name not in {canonicalize_name(r.name) for r in asked()}:
            assert name not in serve or name in _NEEDED_BY_THE_WIDGET, name


# A test tool that is also a package of the widget's: Reflex speaks socket.io with it.
_NEEDED_BY_THE_WIDGET = {"python-socketio"}
