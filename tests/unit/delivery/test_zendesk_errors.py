"""How Zendesk's answers are read: a refusal leaves in /admin the status and Zendesk's error
code, whichever of its error shapes answered, and never its description (it can quote the
customer's values); a 429 waits what Retry-After says, a minute when it says nothing
usable; a 409 (a replay Zendesk is still handling) or a 5xx is tried again."""

from __future__ import annotations

import httpx
import pytest

from alma_widget.delivery.failures import Refused
from alma_widget.delivery.zendesk import LONGEST_WAIT_IN_CALL, Busy, Down, backoff, checked

QUOTED = "client@exemple.fr is already being used by another user"


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (422, {"error": "RecordInvalid", "description": QUOTED}, "HTTP 422 RecordInvalid"),
        (403, {"error": {"title": "Forbidden", "message": QUOTED}}, "HTTP 403 Forbidden"),
        (403, {"error": {"title": "Forbidden", "code": "F1"}}, "HTTP 403 Forbidden"),
        (404, {"error": {"code": "RecordNotFound", "message": QUOTED}}, "HTTP 404 RecordNotFound"),
        (422, {"errors": [{"code": "DuplicateValue", "title": QUOTED}]}, "HTTP 422 DuplicateValue"),
        (
            400,
            {"errors": [{"title": "InvalidParameter", "detail": QUOTED}]},
            "HTTP 400 InvalidParameter",
        ),
        (400, {"errors": [{"code": "First"}, {"code": "Second"}]}, "HTTP 400 First"),
        (400, {"errors": [QUOTED]}, "HTTP 400"),
        (400, {"errors": []}, "HTTP 400"),
        (400, {"description": QUOTED}, "HTTP 400"),
        (400, [QUOTED], "HTTP 400"),
        (401, {"error": "E" * 80}, "HTTP 401 " + "E" * 60),
    ],
)
def test_a_refusal_keeps_the_status_and_the_code_only(status, body, reason):
    with pytest.raises(Refused) as refused:
        checked(httpx.Response(status, json=body))
    assert str(refused.value) == reason


def test_a_refusal_that_is_not_json_keeps_the_status():
    with pytest.raises(Refused) as refused:
        checked(httpx.Response(400, text=f"<html>{QUOTED}</html>"))
    assert str(refused.value) == "HTTP 400"


@pytest.mark.parametrize(
    ("retry_after", "wait"),
    [("2.5", 2.5), ("0", 0.0), ("-5", 0.0), ("soon", 60.0), (None, 60.0)],
)
def test_busy_waits_what_retry_after_says(retry_after, wait):
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    with pytest.raises(Busy) as busy:
        checked(httpx.Response(429, headers=headers))
    assert busy.value.retry_after == wait


def test_a_wait_up_to_the_longest_is_done_within_the_call():
    assert backoff(Busy(LONGEST_WAIT_IN_CALL)) == LONGEST_WAIT_IN_CALL
    assert backoff(Busy(LONGEST_WAIT_IN_CALL + 0.5)) is False  # back to the outbox


@pytest.mark.parametrize("status", [409, 500, 503])
def test_a_replay_in_progress_or_a_server_error_is_tried_again(status):
    # 409: Zendesk is still handling the first request of this Idempotency-Key.
    with pytest.raises(Down) as down:
        checked(httpx.Response(status, json={"error": "Conflict"}))
    assert str(down.value) == f"HTTP {status}"
    assert backoff(down.value) is True


def test_a_client_error_next_to_409_is_a_refusal():
    with pytest.raises(Refused):
        checked(httpx.Response(410, json={"error": "Gone"}))
