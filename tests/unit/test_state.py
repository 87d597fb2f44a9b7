"""The Reflex handlers: transitions applied, refusals ignored, announcements and focus."""

import pytest

from alma_widget.state import FOCUS_CATEGORY, FOCUS_FORM, FOCUS_TOPIC, WidgetState


@pytest.fixture
def state() -> WidgetState:
    return WidgetState()


def snapshot(state: WidgetState) -> tuple:
    return (state.step, state.category_id, state.topic_id, state.helped, state.announcement)


def focus_target(events) -> str:
    """The script of the event (or events) a handler returned."""
    events = events if isinstance(events, list) else [events]
    return " ".join(str(event.args[0][1]) for event in events)


def test_walk_to_the_form(state):
    state.choose_category("payment")
    assert state.step == "topic"
    assert state.announcement == "Sujets affichés pour « Mon paiement avec Alma »."
    state.choose_topic("payment-refused")
    assert (state.step, state.topic_id) == ("help", "payment-refused")
    assert state.announcement == "Réponse affichée pour « Mon paiement a été refusé »."
    state.answer_helped("no")
    assert state.helped == "no"
    event = state.open_form()
    assert state.step == "form"
    assert FOCUS_FORM in focus_target(event)


@pytest.mark.parametrize(
    "bad",
    [None, 3, ["payment"], {"id": "payment"}, "", "inconnu", "x" * 1_000_000],
)
def test_crafted_category_values_change_nothing(state, bad):
    before = snapshot(state)
    assert state.choose_category(bad) is None
    assert snapshot(state) == before


def test_refused_topic_changes_nothing(state):
    state.choose_category("payment")
    before = snapshot(state)
    state.choose_topic("refund")  # belongs to another category
    state.choose_topic(42)
    assert snapshot(state) == before


def test_open_form_refused_before_help(state):
    state.choose_category("order")
    assert state.open_form() is None
    assert state.step == "topic"


def test_merchant_gate(state):
    state.choose_category("order")
    state.choose_topic("order-not-received")
    assert state.open_form() is None
    state.answer_merchant_contacted("no")
    assert state.open_form() is None
    state.answer_merchant_contacted("yes")
    state.open_form()
    assert state.step == "form"


def test_back_and_start_over_move_focus_and_remount_choices(state):
    state.choose_category("account")
    state.choose_topic("complaint")
    generation = state.generation
    event = state.go_back()
    assert (state.step, state.topic_id) == ("topic", "")
    assert FOCUS_TOPIC in focus_target(event)
    assert state.generation == generation + 1
    event = state.start_over()
    assert (state.step, state.category_id) == ("category", "")
    assert FOCUS_CATEGORY in focus_target(event)
    assert state.generation == generation + 2


def test_go_back_at_the_start_is_refused(state):
    assert state.go_back() is None
    assert state.generation == 0
