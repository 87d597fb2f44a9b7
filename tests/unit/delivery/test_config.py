"""ALMA_DELIVERY and the Zendesk settings: one clear line for what stops the start."""

import pytest

from alma_widget.delivery import CHANNELS, deliverers, delivery_kinds, problems
from alma_widget.delivery.config import ticket_url, zendesk_config
from alma_widget.settings import Settings

GOOD = {
    "delivery": "zendesk",
    "zendesk_url": "https://alma.zendesk.com",
    "zendesk_email": "api@alma.fr",
    "zendesk_api_token": "s3cr3t-t0ken",
    "zendesk_field_ids": "category:1,topic:2,order_reference:3,merchant:4",
}


def test_the_default_is_mail_and_needs_nothing():
    assert problems(Settings()) == []
    assert delivery_kinds(Settings()) == ["support"]


@pytest.mark.parametrize(
    ("delivery", "kinds"),
    [("zendesk", ["zendesk"]), ("smtp, zendesk", ["support", "zendesk"]), ("SMTP", ["support"])],
)
def test_channels_named_by_alma_delivery(delivery, kinds):
    assert delivery_kinds(Settings(**{**GOOD, "delivery": delivery})) == kinds


def test_a_complete_zendesk_setup_passes():
    cfg = zendesk_config(Settings(**GOOD))
    assert cfg.auth == ("api@alma.fr/token", "s3cr3t-t0ken")
    assert cfg.ticket_form_id == 9480301136156  # the seed's form
    assert cfg.field_ids == {"category": 1, "topic": 2, "order_reference": 3, "merchant": 4}
    assert ticket_url(Settings(**GOOD), 7) == "https://alma.zendesk.com/agent/tickets/7"
    assert ticket_url(Settings(**GOOD), None) == ""
    assert ticket_url(Settings(zendesk_url="not a url"), 7) == ""
    assert zendesk_config(Settings(**{**GOOD, "zendesk_url": "http://127.0.0.1:8080/"})).url == (
        "http://127.0.0.1:8080"
    )


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"delivery": "fax"}, "ALMA_DELIVERY"),
        ({"delivery": ""}, "ALMA_DELIVERY"),
        ({"zendesk_url": None}, "ALMA_ZENDESK_URL"),
        ({"zendesk_url": "alma.zendesk.com"}, "ALMA_ZENDESK_URL"),
        ({"zendesk_url": "https://alma.zendesk.com/api/v2"}, "ALMA_ZENDESK_URL"),
        ({"zendesk_url": "https://alma.zendesk.com:port"}, "ALMA_ZENDESK_URL"),
        ({"zendesk_email": "api"}, "ALMA_ZENDESK_EMAIL"),
        ({"zendesk_api_token": " "}, "ALMA_ZENDESK_API_TOKEN"),
        ({"zendesk_api_token": None}, "ALMA_ZENDESK_API_TOKEN"),
        ({"zendesk_ticket_form_id": "form-1"}, "ALMA_ZENDESK_TICKET_FORM_ID"),
        ({"zendesk_field_ids": None}, "ALMA_ZENDESK_FIELD_IDS"),
        ({"zendesk_field_ids": "category:1,topic:2"}, "ALMA_ZENDESK_FIELD_IDS"),
        ({"zendesk_field_ids": "category=1,topic=2"}, "ALMA_ZENDESK_FIELD_IDS"),
        ({"zendesk_field_ids": "category:x,topic:2,order_reference:3,merchant:4"}, "FIELD_IDS"),
    ],
)
def test_one_line_names_what_is_wrong_and_never_the_token(change, names):
    [problem] = problems(Settings(**{**GOOD, **change}))
    assert problem.startswith(names) or names in problem
    assert "\n" not in problem and "s3cr3t-t0ken" not in problem


FIELD_IDS_FORMAT = "category:123,topic:456,order_reference:789,merchant:1122"


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (
            {"zendesk_url": "https://"},
            "ALMA_ZENDESK_URL : attendu http(s)://hote[:port], par exemple https://alma.zendesk.com",
        ),
        (
            {"zendesk_url": "https://alma.zendesk.com:port"},
            "ALMA_ZENDESK_URL : le port n'est pas un nombre",
        ),
        (
            {"zendesk_email": "api"},
            "ALMA_ZENDESK_EMAIL : l'adresse de l'agent de l'API est absente ou invalide",
        ),
        (
            {"zendesk_field_ids": "category:1,topic:2"},
            "ALMA_ZENDESK_FIELD_IDS : il manque order_reference, merchant "
            f"(format : {FIELD_IDS_FORMAT})",
        ),
        (
            {"zendesk_field_ids": "category:1,topic=2"},
            f"ALMA_ZENDESK_FIELD_IDS : « topic=2 » ne se lit pas (format : {FIELD_IDS_FORMAT})",
        ),
    ],
)
def test_the_line_says_what_is_expected(change, line):
    """The operator reads this line alone at start: what is wrong and what to write."""
    assert problems(Settings(**{**GOOD, **change})) == [line]


def test_an_empty_item_between_field_ids_is_skipped():
    spaced = "category:1,,topic:2, ,order_reference:3,merchant:4"
    assert problems(Settings(**{**GOOD, "zendesk_field_ids": spaced})) == []


def test_zendesk_settings_are_ignored_when_only_mail_is_used():
    assert problems(Settings(delivery="smtp", zendesk_url="nonsense")) == []


def test_the_token_never_shows_in_the_settings_repr():
    assert "s3cr3t-t0ken" not in repr(Settings(**GOOD))


def test_each_module_of_the_outbox_says_what_it_is():
    """A channel is one module: its name, kinds, labels, checks, readiness and delivery."""
    for module in deliverers():
        assert callable(module.ready) and callable(module.deliver)
        assert set(module.LABELS) == set(module.KINDS)
    for name, channel in CHANNELS.items():
        assert name == channel.NAME and callable(channel.problems)
    [refused] = problems(Settings(delivery="fax"))
    assert all(name in refused for name in CHANNELS)
