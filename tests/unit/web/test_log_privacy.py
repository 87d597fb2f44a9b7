import logging

from alma_widget.web.log_privacy import withheld, withhold_client_data

EMAIL, PHONE, MESSAGE = "client@exemple.fr", "+33611223344", "Code secret 7788Z."


def test_an_event_repr_keeps_its_name_and_loses_its_payload_and_headers():
    line = (
        "Error processing Event(name='state.contact_state.submit', router_data={'headers': "
        f"{{'host': 'x'}}}}, payload={{'email': '{EMAIL}', 'message': '{MESSAGE}'}}) [txid=5ae5]"
    )
    kept = withheld(line)
    assert "name='state.contact_state.submit'" in kept and "[txid=5ae5]" in kept
    assert EMAIL not in kept and "7788Z" not in kept and "'host'" not in kept


def test_raw_event_data_is_withheld_to_the_end():
    for line in (
        f"Received event data as a string. Event data: not json {EMAIL} {PHONE}\n{MESSAGE}",
        f"Event data must be a dictionary, but received ['{EMAIL}', '{MESSAGE}'] of type",
        f"[Reflex Frontend Exception]\n [SID: abc] TypeError: {MESSAGE}",
    ):
        kept = withheld(line)
        assert "7788Z" not in kept and EMAIL not in kept and kept.endswith("[…]")


def test_contacts_left_in_plain_text_are_replaced_and_the_rest_kept():
    kept = withheld(f"SMTP refused {EMAIL} at line 861 (attempt 3) [SID: abc]")
    assert kept == "SMTP refused [email] at line 861 (attempt 3) [SID: abc]"


def test_every_logger_goes_through_it_and_tracebacks_too(caplog, monkeypatch):
    monkeypatch.setattr(logging, "_logRecordFactory", logging.getLogRecordFactory())
    withhold_client_data()
    withhold_client_data()  # once per process, however often the app is created
    try:
        raise ValueError(f"Failed to deserialize event data: {EMAIL} {MESSAGE}")
    except ValueError:
        logging.getLogger("engineio.server").exception("message async handler error")
    [record] = caplog.records
    assert record.exc_info is None
    assert "ValueError" in record.getMessage() and "7788Z" not in record.getMessage()
    logging.getLogger("reflex.app").warning("Event data: %s", {"email": EMAIL})
    assert EMAIL not in caplog.text


def test_a_quoted_group_cut_short_is_withheld_to_the_end():
    """A repr truncated by whoever logged it never closes its bracket: all of it goes."""
    iban = "FR7630006000011234567890189"
    line = f"handler failed for {{'message': 'Mon IBAN est {iban}', 'topic': 'pay"
    assert withheld(line) == "handler failed for {…}"
    assert iban not in withheld(f'payload ["{iban}", "suite')


def test_each_group_is_cut_exactly_and_the_text_around_kept():
    for line, kept in (
        ('avant {"a": "b"} après', "avant {…} après"),
        ("liste ['a'] fin", "liste […] fin"),
        ("sans guillemets [1, 2] (appel) fin", "sans guillemets [1, 2] (appel) fin"),
        ('imbriqué {"a": ["x", {"b": "c"}]} fin', "imbriqué {…} fin"),
        # A closing bracket or an escaped quote inside a quoted text does not end the group.
        ('crochet ["a]b"] fin', "crochet […] fin"),
        ('échappé {"a": "b\\"}c"} fin', "échappé {…} fin"),
        ("Event data: {'x': 1}", "Event data: […]"),
    ):
        assert withheld(line) == kept, line


def test_our_own_records_are_kept_whole_and_the_others_keep_their_place(caplog, monkeypatch):
    """Ours never log personal data (tests/e2e/test_privacy_in_logs.py): a quoted group in
    them is an id's repr, kept; another library's plain line is kept as it was said, with
    where it was said."""
    monkeypatch.setattr(logging, "_logRecordFactory", logging.getLogRecordFactory())
    withhold_client_data()
    logging.getLogger("alma_widget.delivery").warning("kinds %s", ["mail", "zendesk"])
    logging.getLogger("engineio.server").warning("client %s gone", "a1b2")
    ours, theirs = caplog.records
    assert ours.getMessage() == "kinds ['mail', 'zendesk']"
    assert theirs.getMessage() == "client a1b2 gone"
    assert theirs.funcName == "test_our_own_records_are_kept_whole_and_the_others_keep_their_place"


def test_a_traceback_is_folded_after_the_message(caplog, monkeypatch):
    monkeypatch.setattr(logging, "_logRecordFactory", logging.getLogRecordFactory())
    withhold_client_data()
    try:
        raise KeyError("stored_name")
    except KeyError:
        logging.getLogger("reflex.state").exception("handler failed")
    [record] = caplog.records
    message = record.getMessage()
    assert message.startswith("handler failed\nTraceback (most recent call last):")
    assert message.rstrip().endswith("KeyError: 'stored_name'")
    lines = message.splitlines()  # kept as lines, as the handlers would have printed them
    assert lines[2].startswith('  File "') and lines[-1] == "KeyError: 'stored_name'"


def test_a_quote_escaped_inside_a_value_does_not_end_its_group():
    """repr() escapes a quote of the kind that delimits the text: what follows it is still
    the customer's, brackets included."""
    line = f"payload={{'message': 'it\\'s }} ] {EMAIL} {MESSAGE}', 'n': 1}} then the rest"
    kept = withheld(line)
    assert EMAIL not in kept and "7788Z" not in kept
    assert kept == "payload={…} then the rest"


def test_a_line_without_data_is_kept_as_it_was():
    line = "X-Forwarded-For ignored from 10.0.0.2 (no trusted proxy), retry in 5 s [worker 2]"
    assert withheld(line) == line


def test_a_record_that_cannot_be_formatted_quotes_nothing(caplog, monkeypatch):
    monkeypatch.setattr(logging, "_logRecordFactory", logging.getLogRecordFactory())
    withhold_client_data()
    logging.getLogger("engineio.server").warning("%d events from %s", "many", EMAIL)
    [record] = caplog.records
    assert record.getMessage() == "(log record withheld)" and record.exc_info is None
    assert EMAIL not in caplog.text


def test_the_factory_is_installed_once_however_often_the_app_starts(monkeypatch):
    monkeypatch.setattr(logging, "_logRecordFactory", logging.getLogRecordFactory())
    withhold_client_data()
    installed = logging.getLogRecordFactory()
    withhold_client_data()
    assert logging.getLogRecordFactory() is installed
