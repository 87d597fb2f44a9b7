"""The Reflex handler that follows the browser: checked walks, counts, corrections."""

import json

import pytest

from alma_widget.flow import state as state_module
from alma_widget.flow.state import WidgetState


@pytest.fixture
def state() -> WidgetState:
    return WidgetState()


@pytest.fixture
def counted(monkeypatch) -> list[tuple[str, str]]:
    """The deflection events the handler counts (recorded instead of written); the source
    is named when it is not the radios."""
    events: list[tuple[str, ...]] = []

    def count(topic: str, kind: str, source: str = "choice") -> None:
        events.append((topic, kind) if source == "choice" else (topic, kind, source))

    monkeypatch.setattr(state_module, "count", count)
    return events


def snapshot(seq: int, actions: list[str], step: str, **flow: str) -> dict:
    return {"seq": seq, "actions": actions, "step": step, **flow}


def flow_of(state: WidgetState) -> tuple:
    return (state.step, state.category_id, state.topic_id, state.merchant_contacted, state.helped)


def script_of(answer) -> str:
    """The JavaScript the returned rx.call_script(s) run in the page, in order."""
    events = answer if isinstance(answer, list) else [answer]
    return "\n".join(json.loads(str(event.args[0][1])) for event in events)


def test_walk_to_the_form_one_snapshot_at_a_time(state, counted):
    assert state.sync(snapshot(1, ["category"], "topic", category_id="payment")) is None
    assert flow_of(state) == ("topic", "payment", "", "", "")
    state.sync(snapshot(2, ["topic"], "help", category_id="payment", topic_id="payment-refused"))
    state.sync(
        snapshot(
            3, ["helped"], "help", category_id="payment", topic_id="payment-refused", helped="no"
        )
    )
    state.sync(
        snapshot(
            4, ["form"], "form", category_id="payment", topic_id="payment-refused", helped="no"
        )
    )
    assert flow_of(state) == ("form", "payment", "payment-refused", "", "no")
    assert len(state.submission_key) == 32
    assert counted == [
        ("payment-refused", "help_shown"),
        ("payment-refused", "helped_no"),
        ("payment-refused", "form_opened"),
    ]


def test_choices_made_before_connecting_arrive_in_one_snapshot_and_count(state, counted):
    state.sync(snapshot(2, ["category", "topic"], "help", category_id="order", topic_id="refund"))
    assert flow_of(state) == ("help", "order", "refund", "", "")
    assert counted == [("refund", "help_shown")]


def test_a_restore_after_a_restart_replays_without_counting(state, counted):
    key = "0123456789abcdef0123456789abcdef"
    form = snapshot(
        9, ["restore"], "form", category_id="account", topic_id="complaint", submission_key=key
    )
    assert state.sync(form) is None
    assert flow_of(state) == ("form", "account", "complaint", "", "")
    # The key the browser was given before the restart: a resent request is still one row.
    assert state.submission_key == key
    assert counted == []


def test_back_and_start_over(state):
    state.sync(snapshot(1, ["topic"], "help", category_id="account", topic_id="complaint"))
    state.sync(snapshot(2, ["back"], "topic", category_id="account"))
    assert flow_of(state) == ("topic", "account", "", "", "")
    state.sync(snapshot(3, ["start_over"], "category"))
    assert flow_of(state) == ("category", "", "", "", "")


def test_a_refused_walk_corrects_the_browser(state, counted):
    # The form of an order topic needs « Oui, j'ai contacté le marchand ».
    event = state.sync(
        snapshot(5, ["form"], "form", category_id="order", topic_id="order-not-received")
    )
    assert flow_of(state) == ("help", "order", "order-not-received", "", "")
    assert "almaCorrect(" in script_of(event)
    assert '"step": "help"' in script_of(event)
    assert script_of(event).endswith(", 5)")  # answers the browser's snapshot 5
    assert ("order-not-received", "form_opened") not in counted


def test_a_snapshot_sent_while_the_page_said_the_service_was_away_is_told_it_is_back(state):
    # The page showed « Le service est momentanément indisponible » (a failed event): this
    # snapshot is the first the server reads again, and its answer takes the message away.
    back = state.sync(
        snapshot(1, ["category"], "topic", category_id="payment") | {"unavailable_shown": True}
    )
    assert flow_of(state) == ("topic", "payment", "", "", "")
    assert "almaServed(" in script_of(back)
    # Refused at the same time: both said, the message away first.
    both = state.sync(
        snapshot(2, ["topic"], "help", category_id="payment", topic_id="refund")
        | {"unavailable_shown": True}
    )
    assert script_of(both).index("almaServed(") < script_of(both).index("almaCorrect(")
    # A page that says nothing of the kind is answered nothing.
    assert state.sync(snapshot(3, ["back"], "category")) is None


def test_a_topic_of_another_category_is_refused(state):
    event = state.sync(snapshot(1, ["topic"], "help", category_id="payment", topic_id="refund"))
    assert flow_of(state) == ("topic", "payment", "", "", "")
    assert "almaCorrect(" in script_of(event)


@pytest.mark.parametrize(
    "bad",
    [
        None,
        3,
        "payment",
        [],
        {},
        snapshot(1, ["category"], "topic", category_id="x" * 1_000_000),
        snapshot(1, ["category"], "topic", category_id={"$ne": ""}),
        snapshot(1, ["category"], "topic", category_id="Payment <script>"),
        snapshot(-1, ["category"], "topic", category_id="payment"),
        snapshot(1, ["jump"], "topic", category_id="payment"),
        snapshot(1, ["category"], "finished", category_id="payment"),
        snapshot(1, ["category"] * 65, "topic", category_id="payment"),
        {**snapshot(1, ["category"], "topic", category_id="payment"), "extra": 1},
        snapshot(1, ["category"], "topic", category_id="payment", submission_key="../../etc"),
    ],
)
def test_crafted_snapshots_change_nothing(state, bad):
    assert state.sync(bad) is None
    assert flow_of(state) == ("category", "", "", "", "")


def test_only_the_server_marks_a_request_sent(state):
    state.sync(snapshot(1, ["topic"], "help", category_id="account", topic_id="complaint"))
    event = state.sync(snapshot(2, ["form"], "sent", category_id="account", topic_id="complaint"))
    assert state.step == "help"
    assert "almaCorrect(" in script_of(event)


def test_a_topic_opened_from_the_search_counts_with_its_source(state, counted):
    state.sync(snapshot(1, ["search"], "help", category_id="order", topic_id="refund"))
    assert flow_of(state) == ("help", "order", "refund", "", "")
    state.sync(
        snapshot(2, ["suggestion"], "help", category_id="payment", topic_id="payment-refused")
    )
    assert counted == [
        ("refund", "help_shown", "search"),
        ("payment-refused", "help_shown", "suggestion"),
    ]


def test_a_session_flooding_the_figures_has_its_extra_counts_dropped(state, counted, configure):
    configure(ALMA_COUNTING_LIMITS="3 per 10 minutes")
    topics = ["payment-refused", "payment-other"]
    for seq in range(1, 7):
        topic = topics[seq % 2]
        state.sync(snapshot(seq, ["topic"], "help", category_id="payment", topic_id=topic))
    # The flow follows every choice; only three were counted.
    assert state.topic_id == topics[0]
    assert len(counted) == 3
