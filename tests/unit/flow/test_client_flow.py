"""The browser's flow (assets/client_flow.js) against the state machine (flow/machine.py).

The page reveals each choice itself, before the server hears of it; the server's machine is
the authority. Hypothesis plays sequences of what a customer can do on the page (only what
the page shows: the chosen category's topics, the merchant question where the help asks it,
« Contacter le service client », « Retour », « Recommencer », a topic found by the search),
the very script the page inlines runs them in Node, and after every action the browser's flow
must be the machine's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alma_widget.content.loading import catalog
from alma_widget.flow.machine import Flow, TransitionRefused
from alma_widget.flow.snapshot import browser_view
from alma_widget.page_contract import contract_attribute

SCRIPT = Path(__file__).resolve().parents[3] / "assets" / "client_flow.js"
CONTENT = catalog()
MERCHANT_FIRST = sorted(t.id for c in CONTENT.categories for t in c.topics if t.ask_merchant_first)
# The script needs a page only to listen to it; these stand-ins let it load in Node.
PAGE_STUB = """
const noop = () => {};
globalThis.window = { addEventListener: noop, requestAnimationFrame: noop, setTimeout: noop };
globalThis.document = {
  readyState: "loading", addEventListener: noop, getElementById: () => null,
  querySelector: () => null,
  querySelectorAll: () => [],
};
globalThis.MutationObserver = class { observe() {} };
globalThis.navigator = {};
"""
RUN = """
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const asks = (topic) => input.merchantFirst.includes(topic);
console.log(JSON.stringify(input.walks.map((actions) => {
  let flow = input.start;
  const step = ([action, value]) => (flow = window.almaTransition(flow, action, value, asks));
  return actions.map(step);
})));
"""


def browser_walks(walks: list[list[tuple[str, object]]]) -> list[list[dict[str, str]]]:
    """The browser's flow after each action of each walk (one Node run for them all)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node is needed to run the page's script")
    # The page's contract, as the page carries it: the script's flow has its fields.
    contract = f"window.almaContract = () => ({contract_attribute()});\n"
    program = PAGE_STUB + contract + SCRIPT.read_text(encoding="utf-8") + RUN
    payload = {"walks": walks, "merchantFirst": MERCHANT_FIRST, "start": browser_view(Flow())}
    done = subprocess.run(
        [node, "-e", program], input=json.dumps(payload), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def machine_step(flow: Flow, action: str, value) -> Flow:
    """The machine's answer to one customer action (a refused one changes nothing)."""
    try:
        if action == "category":
            return flow.choose_category(CONTENT, value)
        if action == "topic":
            return flow.choose_topic(CONTENT, value)
        if action == "search":
            return flow.choose_category(CONTENT, value["category"]).choose_topic(
                CONTENT, value["topic"]
            )
        if action == "merchant":
            return flow.answer_merchant_contacted(CONTENT, value)
        if action == "helped":
            return flow.answer_helped(value)
        if action == "form":
            return flow.open_form(CONTENT)
        if action == "back":
            return flow.go_back() if flow.step != "category" else flow
        return flow.start_over()
    except TransitionRefused:
        return flow


FORWARD = {"topic", "merchant", "form", "helped"}


def shown_actions(flow: Flow) -> list[tuple[str, object]]:
    """What the page lets the customer do from `flow`."""
    options: list[tuple[str, object]] = [("category", c.id) for c in CONTENT.categories]
    options += [
        ("search", {"category": c.id, "topic": t.id})
        for c in CONTENT.categories
        for t in c.topics[:2]
    ]
    options += [("start_over", ""), ("back", "")]
    category = CONTENT.category(flow.category_id)
    if flow.step != "category" and category is not None:
        options += [("topic", t.id) for t in category.topics]
    if flow.step in ("help", "form"):
        options += [("helped", "yes"), ("helped", "no")]
        if flow.topic_id in MERCHANT_FIRST:
            options += [("merchant", "yes"), ("merchant", "no")]
    if flow.step == "help":
        options.append(("form", ""))  # the button may be hidden: the rule must hold anyway
    return options


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_the_browser_flow_is_the_machine_flow_after_every_action(data):
    walks, expected = [], []
    for _ in range(50):  # walks per Node run
        flow, actions, flows = Flow(), [], []
        for _ in range(data.draw(st.integers(min_value=1, max_value=12))):
            # Mostly forward, as customers go (deep paths are reached), sometimes anywhere.
            shown = shown_actions(flow)
            forward = [a for a in shown if a[0] in FORWARD or flow.step == a[0]]
            pick = forward if data.draw(st.integers(0, 9)) < 7 else shown
            action = data.draw(st.sampled_from(pick))
            flow = machine_step(flow, *action)
            actions.append(action)
            flows.append(browser_view(flow))
        walks.append(actions)
        expected.append(flows)
    assert browser_walks(walks) == expected


def test_the_form_waits_for_a_yes_where_the_help_asks_about_the_merchant():
    topic = MERCHANT_FIRST[0]
    category = CONTENT.find_topic(topic)[0].id
    [walk] = browser_walks(
        [
            [
                ["category", category],
                ["topic", topic],
                ["form", ""],
                ["merchant", "yes"],
                ["form", ""],
                ["merchant", "no"],
            ]
        ]
    )
    assert [f["step"] for f in walk] == ["topic", "help", "help", "help", "form", "help"]
