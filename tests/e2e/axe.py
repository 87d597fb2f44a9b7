"""axe-core in a page or a frame: WCAG 2.0/2.1/2.2 A and AA rules plus best practices."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Frame, Page

AXE = Axe()
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


# What appeared fades in (widget.css): colours are judged once it has, as the customer reads.
SETTLED = "() => document.getAnimations().every((a) => a.playState !== 'running')"


def violations(target: Page | Frame) -> list[str]:
    """The violated rules with the elements at fault, empty when all is well."""
    target.wait_for_function(SETTLED)
    results = AXE.run(target, options={"runOnly": {"type": "tag", "values": RULE_TAGS}})
    found = []
    for violation in results.response["violations"]:
        nodes = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
        found.append(f"{violation['id']} ({violation['impact']}): {nodes}")
    return found


def rules_checked(target: Page | Frame) -> list[str]:
    """The ids of the rules that ran and passed or did not apply (for the note)."""
    results = AXE.run(
        target,
        options={
            "runOnly": {"type": "tag", "values": RULE_TAGS},
            "resultTypes": ["passes", "inapplicable", "violations", "incomplete"],
        },
    )
    response = results.response
    return sorted(
        {
            rule["id"]
            for kind in ("passes", "inapplicable", "violations", "incomplete")
            for rule in response[kind]
        }
    )
