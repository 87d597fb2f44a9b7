"""The page contract (alma_widget/page_contract.py) against the code on both sides: every
`alma-*` name, `data-*` attribute and `window.alma*` name used in the page's scripts
(assets/, search/) or its components is declared; every declared one is used; the scripts
write none of the server's names down (they read them from the page), and the page carries
the contract once."""

import json
import re
from pathlib import Path

import pytest

from alma_widget import page_contract as contract
from alma_widget.content.loading import catalog

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = [
    *(
        ROOT / "assets" / name
        for name in ("boot.js", "host.js", "widget.js", "client_flow.js", "form_checks.js")
    ),
    ROOT / "search" / "page.js",
]
COMPONENTS = [
    *sorted((ROOT / "alma_widget" / "components").glob("*.py")),
    ROOT / "alma_widget" / "page_calls.py",
]
GROUPS = {
    "id": contract.IDS,
    "bridge": contract.BRIDGES,
    "prefix": contract.ID_PREFIXES,
    "data": contract.DATA,
}
# A name quoted in code: an alma-* name or a data-* attribute.
QUOTED = re.compile(r"[\"'`\[](alma-[a-z-]+|data-[a-z-]+)")
GLOBAL = re.compile(r"window\.((?:__)?alma[A-Za-z]+)")


def _text(paths: list[Path]) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in paths)


def _declared() -> set[str]:
    names = {contract.ROOT_ATTRIBUTE, *contract.SCRIPT_NAMES}
    return names | set(contract.BRIDGES.values()) | set(contract.DATA.values())


def test_every_name_used_on_either_side_is_declared():
    used = set(QUOTED.findall(_text(SCRIPTS + COMPONENTS)))
    assert used - _declared() == set()
    assert set(GLOBAL.findall(_text(SCRIPTS))) - set(contract.GLOBALS) == set()


def test_the_scripts_read_the_server_s_names_from_the_page():
    scripts = _text(SCRIPTS)
    written = [
        value
        for group in GROUPS.values()
        for value in group.values()
        if re.search(rf"[\"'`#]{re.escape(value)}[\"'`\]$]", scripts)
    ]
    # The one name both sides write: where the contract is.
    assert written == []
    assert scripts.count(f'"[{contract.ROOT_ATTRIBUTE}]"') == 1


def test_every_declared_name_is_used():
    scripts, components = _text(SCRIPTS), _text(COMPONENTS)
    unused = [
        f"{group}.{key}"
        for group, names in GROUPS.items()
        for key in names
        if not re.search(rf"\.{group}\.{key}\b|\.{group}\[|\b{group}\.{key}\b", scripts)
        and f'["{key}"]' not in components
    ]
    assert unused == []
    assert [name for name in contract.GLOBALS if f"window.{name}" not in scripts] == []
    assert [n for n in contract.SCRIPT_NAMES if f'"{n}"' not in scripts] == []


def test_the_page_carries_the_contract_once_with_the_purchase_rule():
    carried = json.loads(contract.contract_attribute())
    assert carried["bridge"] == contract.BRIDGES and carried["data"] == contract.DATA
    purchase = {c.id for c in catalog().categories if c.intro == "purchase"}
    assert set(carried["rules"]["purchaseCategories"]) == purchase
    assert carried["rules"]["contactFields"] == ["email", "phone", "order_reference", "message"]


def test_the_actions_the_scripts_take_are_the_snapshot_s():
    # Every transition of the browser's flow is an action the server's snapshot accepts, and
    # every action but « restore » (the server's own replay) has its transition there.
    flow = (ROOT / "assets" / "client_flow.js").read_text(encoding="utf-8")
    answered = set(re.findall(r'case "(\w+)":', flow))
    assert answered == set(contract.ACTIONS) - {"restore"}
    pushed = re.findall(r'actions\.push\("(\w+)"\)', flow)
    found = re.findall(r'choose\(\w+, "(\w+)"\)', _text([ROOT / "search" / "page.js"]))
    assert pushed and found
    assert set(pushed + found) <= set(contract.ACTIONS)


def test_a_control_names_only_an_action_the_snapshot_accepts():
    assert contract.action_attribute("back") == {"data-action": "back"}
    with pytest.raises(ValueError, match="unknown action 'retour'"):
        contract.action_attribute("retour")  # type: ignore[arg-type]
