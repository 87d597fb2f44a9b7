"""The lock files (requirements/*.txt) hold what pyproject.toml asks for, on every Python it
admits: a dependency added or a range changed without `make lock`, or one needed on some Python
only (async-timeout below 3.11.3, Debian 12's python3), is caught here, not on a newcomer's
machine."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from uv import find_uv_bin

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)(?: ; ([^\\\n]+))?", re.MULTILINE)
# The machines the widget runs on; a pin marked for Windows alone is not installed there.
_LINUX = {"sys_platform": "linux", "os_name": "posix", "platform_system": "Linux"}


def pins(lock: str) -> dict[str, str]:
    """The pins of a lock that a Linux machine installs (on the Python running the tests)."""
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    return {
        canonicalize_name(name): version
        for name, version, marker in _PIN.findall(text)
        if not marker or Marker(marker).evaluate(_LINUX)
    }


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
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
        assert sum(bool(_PIN.match(block)) for block in blocks) > 50, lock
        for block in blocks:
            if _PIN.match(block):
                assert "--hash=sha256:" in block, block.splitlines()[0]


def supported_pythons() -> list[str]:
    """Each minor version requires-python admits, at its first and at a late patch release
    (markers such as python_full_version < '3.11.3' split a minor version)."""
    admitted = SpecifierSet(PROJECT["requires-python"])
    minors = [minor for minor in range(8, 30) if admitted.contains(f"3.{minor}.99")]
    return [f"3.{minor}.{patch}" for minor in minors for patch in (0, 99)]


def installs(lock: Path, python: str, platform: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """What the installer says of the lock alone, hashes required and wheels only, on that
    Python and platform: a dependency the lock lacks there is refused, as pip refuses it."""
    command = [find_uv_bin(), "pip", "install", "--dry-run", "--require-hashes"]
    command += ["--only-binary", ":all:", "--python-version", python]
    command += ["--python-platform", platform, "--target", str(tmp_path)]
    command += ["--no-config", "-r", str(lock)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def test_the_supported_pythons_are_read_from_pyproject():
    assert PROJECT["requires-python"] == ">=3.11,<3.14", "README and docs name this range"
    assert supported_pythons() == ["3.11.0", "3.11.99", "3.12.0", "3.12.99", "3.13.0", "3.13.99"]


@pytest.mark.parametrize("python", supported_pythons())
@pytest.mark.parametrize("lock", ["serve.txt", "dev.txt"])
def test_the_lock_installs_on_every_supported_python(lock, python, tmp_path):
    answer = installs(ROOT / "requirements" / lock, python, "x86_64-manylinux_2_28", tmp_path)
    assert answer.returncode == 0, f"requirements/{lock} on Python {python}: {answer.stderr}"


@pytest.mark.parametrize("platform", ["aarch64-manylinux_2_28", "aarch64-apple-darwin"])
def test_the_lock_installs_on_arm_machines(platform, tmp_path):
    for python in (supported_pythons()[0], supported_pythons()[-1]):
        answer = installs(ROOT / "requirements" / "dev.txt", python, platform, tmp_path)
        assert answer.returncode == 0, f"{platform}, Python {python}: {answer.stderr}"


def test_a_lock_made_for_one_python_only_is_refused_on_debian_12(tmp_path):
    """The check itself: the lock as pip-compile wrote it on 3.11.7 (no async-timeout) passes
    there and is refused on Debian 12's 3.11.2, as pip refused it."""
    lock = (ROOT / "requirements" / "serve.txt").read_text(encoding="utf-8")
    without = re.sub(r"(?ms)^async-timeout==.*?(?=^[a-z])", "", lock)
    assert without != lock
    one_python = tmp_path / "one-python.txt"
    one_python.write_text(without, encoding="utf-8")
    newer = installs(one_python, "3.11.7", "x86_64-manylinux_2_28", tmp_path / "newer")
    debian = installs(one_python, "3.11.2", "x86_64-manylinux_2_28", tmp_path / "debian")
    assert newer.returncode == 0, newer.stderr
    assert debian.returncode != 0
    assert "async-timeout" in debian.stderr


def test_production_installs_no_test_tool():
    serve = pins("serve.txt")
    for tool in asked("dev"):
        name = canonicalize_name(tool.name)
        if name not in {canonicalize_name(r.name) for r in asked()}:
            assert name not in serve or name in _NEEDED_BY_THE_WIDGET, name


# A test tool that is also a package of the widget's: Reflex speaks socket.io with it.
_NEEDED_BY_THE_WIDGET = {"python-socketio"}
