"""Every transition of the state machine, allowed and refused."""

import pytest

from alma_widget.content.loading import catalog
from alma_widget.flow.machine import Flow, TransitionRefused

CONTENT = catalog()
AT_TOPIC = Flow(step="topic", category_id="payment")
AT_HELP = Flow(step="help", category_id="payment", topic_id="payment-refused")
AT_MERCHANT_HELP = Flow(step="help", category_id="order", topic_id="order-not-received")
AT_FORM = Flow(step="form", category_id="payment", topic_id="payment-refused", helped="no")
SENT = Flow(step="sent", category_id="payment", topic_id="payment-refused")


def test_starts_with_nothing_chosen():
    assert Flow() == Flow(step="category", category_id="", topic_id="")


@pytest.mark.parametrize("start", [Flow(), AT_TOPIC, AT_HELP, AT_FORM])
def test_choose_category_reveals_its_topics_and_drops_the_rest(start):
    assert start.choose_category(CONTENT, "account") == Flow(step="topic", category_id="account")


def test_choosing_the_same_category_again_keeps_the_topic():
    assert AT_HELP.choose_category(CONTENT, "payment") == AT_HELP


@pytest.mark.parametrize("bad", ["", "nope", "payment-refused", "x" * 10_000])
def test_choose_unknown_category_is_refused(bad):
    with pytest.raises(TransitionRefused):
        Flow().choose_category(CONTENT, bad)


def test_choose_category_after_sending_is_refused():
    with pytest.raises(TransitionRefused):
        SENT.choose_category(CONTENT, "account")


@pytest.mark.parametrize("start", [AT_TOPIC, AT_HELP, AT_FORM])
def test_choose_topic_reveals_its_help(start):
    flow = start.choose_topic(CONTENT, "payment-other")
    assert flow == Flow(step="help", category_id="payment", topic_id="payment-other")


def test_changing_topic_drops_the_answers():
    answered = AT_HELP.answer_helped("yes")
    assert answered.choose_topic(CONTENT, "payment-other").helped == ""


def test_topic_of_another_category_is_refused():
    with pytest.raises(TransitionRefused):
        AT_TOPIC.choose_topic(CONTENT, "refund")


@pytest.mark.parametrize("start", [Flow(), SENT])
def test_choose_topic_from_wrong_step_is_refused(start):
    with pytest.raises(TransitionRefused):
        start.choose_topic(CONTENT, "payment-other")


def test_merchant_question_on_an_order_topic():
    assert AT_MERCHANT_HELP.answer_merchant_contacted(CONTENT, "no").merchant_contacted == "no"
    assert AT_MERCHANT_HELP.answer_merchant_contacted(CONTENT, "yes").merchant_contacted == "yes"


def test_a_no_to_the_merchant_question_closes_the_open_form():
    assert AT_MERCHANT_FORM.answer_merchant_contacted(CONTENT, "no").step == "help"
    assert AT_MERCHANT_FORM.answer_merchant_contacted(CONTENT, "yes") == AT_MERCHANT_FORM


def test_merchant_question_refused_where_not_asked():
    with pytest.raises(TransitionRefused):
        AT_HELP.answer_merchant_contacted(CONTENT, "yes")


@pytest.mark.parametrize("answer", ["", "oui", "YES", "maybe"])
def test_answers_other_than_yes_or_no_are_refused(answer):
    with pytest.raises(TransitionRefused):
        AT_HELP.answer_helped(answer)
    with pytest.raises(TransitionRefused):
        AT_MERCHANT_HELP.answer_merchant_contacted(CONTENT, answer)


@pytest.mark.parametrize("start", [Flow(), AT_TOPIC, SENT])
def test_helped_answer_refused_before_help_or_after_sending(start):
    with pytest.raises(TransitionRefused):
        start.answer_helped("yes")


def test_open_form_after_help():
    assert AT_HELP.open_form(CONTENT) == Flow(
        step="form", category_id="payment", topic_id="payment-refused"
    )


def test_open_form_keeps_the_helped_answer():
    assert AT_HELP.answer_helped("no").open_form(CONTENT).helped == "no"


@pytest.mark.parametrize("merchant", ["", "no"])
def test_open_form_refused_until_the_merchant_was_contacted(merchant):
    flow = Flow(
        step="help",
        category_id="order",
        topic_id="order-not-compliant",
        merchant_contacted=merchant,
    )
    with pytest.raises(TransitionRefused):
        flow.open_form(CONTENT)


def test_open_form_once_the_merchant_was_contacted():
    flow = AT_MERCHANT_HELP.answer_merchant_contacted(CONTENT, "yes")
    assert flow.open_form(CONTENT).step == "form"


@pytest.mark.parametrize("start", [Flow(), AT_TOPIC, AT_FORM, SENT])
def test_open_form_from_wrong_step_is_refused(start):
    with pytest.raises(TransitionRefused):
        start.open_form(CONTENT)


def test_mark_sent_only_from_the_form():
    assert AT_FORM.mark_sent().step == "sent"
    for start in (Flow(), AT_TOPIC, AT_HELP, SENT):
        with pytest.raises(TransitionRefused):
            start.mark_sent()


def test_go_back_one_step_at_a_time():
    assert AT_FORM.go_back() == Flow(
        step="help", category_id="payment", topic_id="payment-refused", helped="no"
    )
    assert AT_HELP.answer_helped("yes").go_back() == AT_TOPIC
    assert AT_TOPIC.go_back() == Flow()


@pytest.mark.parametrize("start", [Flow(), SENT])
def test_go_back_refused_where_there_is_no_previous_step(start):
    with pytest.raises(TransitionRefused):
        start.go_back()


@pytest.mark.parametrize("start", [Flow(), AT_TOPIC, AT_HELP, AT_FORM, SENT])
def test_start_over_from_every_step(start):
    assert start.start_over() == Flow()


AT_MERCHANT_FORM = Flow(
    step="form", category_id="order", topic_id="order-not-received", merchant_contacted="yes"
)


@pytest.mark.parametrize(
    ("start", "target", "taken"),
    [
        (Flow(), AT_FORM, ["choose_category", "choose_topic", "answer_helped", "open_form"]),
        (
            Flow(),
            AT_MERCHANT_FORM,
            ["choose_category", "choose_topic", "answer_merchant_contacted", "open_form"],
        ),
        (AT_FORM, AT_TOPIC, ["go_back", "go_back"]),
        (AT_FORM, Flow(), ["start_over"]),
        (SENT, Flow(), ["start_over"]),
        (AT_HELP, AT_HELP, []),
        (AT_FORM, AT_FORM, []),
        (AT_FORM, AT_MERCHANT_HELP, ["choose_category", "choose_topic"]),
        (
            AT_MERCHANT_FORM,
            AT_MERCHANT_FORM.go_back().answer_merchant_contacted(CONTENT, "no"),
            ["go_back", "answer_merchant_contacted"],
        ),
    ],
)
def test_reconcile_walks_through_the_transitions(start, target, taken):
    assert start.reconcile(CONTENT, target) == (target, taken)


@pytest.mark.parametrize(
    ("start", "target", "reached"),
    [
        # The merchant gate: no form before « Oui ».
        (
            Flow(),
            Flow(step="form", category_id="order", topic_id="order-not-received"),
            AT_MERCHANT_HELP,
        ),
        (Flow(), Flow(step="help", category_id="payment", topic_id="refund"), AT_TOPIC),
        (Flow(), Flow(step="topic", category_id="nope"), Flow()),
        (AT_FORM, SENT, AT_FORM),
        (SENT, AT_HELP, SENT),
    ],
)
def test_reconcile_stops_at_a_refused_transition(start, target, reached):
    assert start.reconcile(CONTENT, target)[0] == reached
