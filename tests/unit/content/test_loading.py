"""The content check: every refusal names the file, the place and the problem."""

from pathlib import Path

import pytest

from alma_widget.content.loading import CONTENT_DIR, ContentError, main, parse_catalog

GOOD = (CONTENT_DIR / "fr.toml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fr.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refusal(tmp_path: Path, text: str) -> str:
    with pytest.raises(ContentError) as caught:
        parse_catalog(write(tmp_path, text))
    message = str(caught.value)
    assert message.startswith(str(tmp_path / "fr.toml"))
    assert "Traceback" not in message
    return message


def test_shipped_content_is_valid():
    content = parse_catalog(CONTENT_DIR / "fr.toml")
    assert [c.id for c in content.categories] == ["payment", "instalments", "order", "account"]
    assert sum(len(c.topics) for c in content.categories) == 16


def test_unknown_key_is_refused(tmp_path):
    text = GOOD.replace('label = "Mes échéances"', 'label = "Mes échéances"\ncolour = "red"')
    message = refusal(tmp_path, text)
    assert "catégorie n°2 (id « instalments ») › colour : clé inconnue" in message


def test_duplicate_id_is_refused(tmp_path):
    text = GOOD.replace('id = "refund"', 'id = "sncf-order"')
    assert "l'identifiant « sncf-order » est utilisé deux fois" in refusal(tmp_path, text)


def test_empty_text_is_refused(tmp_path):
    text = GOOD.replace('label = "Mon remboursement"', 'label = "   "')
    message = refusal(tmp_path, text)
    assert "catégorie n°3 (id « order ») › sujet n°3 (id « refund ») › label" in message
    assert "le texte est vide" in message


def test_empty_ui_text_is_refused(tmp_path):
    text = GOOD.replace('yes = "Oui"', 'yes = ""')
    assert "ui › yes : le texte est vide" in refusal(tmp_path, text)


@pytest.mark.parametrize(
    "url",
    ["http://help.almapay.com/hc/fr", "/hc/fr/search?query=x", "help.almapay.com", "https://"],
)
def test_link_must_be_absolute_https(tmp_path, url):
    text = GOOD.replace("https://help.almapay.com/hc/fr/search?query=SNCF", url)
    message = refusal(tmp_path, text)
    assert "sujet n°4 (id « sncf-order ») › faq_url" in message
    assert "n'est pas une adresse absolue en https://" in message


def test_topic_without_help_is_refused(tmp_path):
    start = GOOD.index('id = "sncf-order"')
    help_start = GOOD.index("help = [", start)
    help_end = GOOD.index("]\n", help_start) + 2
    message = refusal(tmp_path, GOOD[:help_start] + "help = []\n" + GOOD[help_end:])
    assert "sujet n°4 (id « sncf-order ») › help : le sujet n'a pas de texte d'aide" in message


def test_topic_missing_help_key_is_refused(tmp_path):
    start = GOOD.index('id = "sncf-order"')
    help_start = GOOD.index("help = [", start)
    help_end = GOOD.index("]\n", help_start) + 2
    message = refusal(tmp_path, GOOD[:help_start] + GOOD[help_end:])
    assert "(id « sncf-order ») › help : champ obligatoire manquant" in message


def test_bad_id_is_refused(tmp_path):
    text = GOOD.replace('id = "refund"', 'id = "Remboursement !"')
    assert "« Remboursement ! » n'est pas un identifiant valide" in refusal(tmp_path, text)


def test_unknown_intro_kind_is_refused(tmp_path):
    text = GOOD.replace('intro = "account"', 'intro = "shop"', 1)
    assert "intro : valeur non autorisée" in refusal(tmp_path, text)


def test_toml_syntax_error_is_refused(tmp_path):
    message = refusal(tmp_path, GOOD.replace('title = "', "title = ", 1))
    assert "syntaxe TOML invalide" in message
    assert "line" in message


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ContentError, match="fichier illisible"):
        parse_catalog(tmp_path / "fr.toml")


def test_command_reports_success(capsys):
    assert main([str(CONTENT_DIR)]) == 0
    assert "Contenu valide : en.toml, fr.toml" in capsys.readouterr().out


def test_command_reports_each_problem_and_fails(tmp_path, capsys):
    write(tmp_path, GOOD.replace('id = "refund"', 'id = "sncf-order"'))
    assert main([str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "fr.toml : contenu invalide" in err
    assert "Traceback" not in err


def test_command_fails_on_an_empty_folder(tmp_path, capsys):
    assert main([str(tmp_path)]) == 1
    assert "aucun fichier de contenu" in capsys.readouterr().err


EN = (CONTENT_DIR / "en.toml").read_text(encoding="utf-8")


def test_every_locale_has_the_same_tree():
    from alma_widget.content.loading import check_all

    assert check_all() == []


def test_a_locale_missing_a_topic_is_refused(tmp_path, capsys):
    (tmp_path / "fr.toml").write_text(GOOD, encoding="utf-8")
    start = EN.index('[[categories.topics]]\nid = "refund"')
    end = EN.index("[[categories.topics]]", start + 10)
    (tmp_path / "en.toml").write_text(EN[:start] + EN[end:], encoding="utf-8")
    assert main([str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "en.toml : ne correspond pas à fr.toml" in err
    assert "le sujet « refund » manque dans « order »" in err


def test_a_locale_with_an_id_too_many_is_refused(tmp_path, capsys):
    (tmp_path / "fr.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "en.toml").write_text(EN.replace('id = "refund"', 'id = "refunds"'), "utf-8")
    assert main([str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "le sujet « refunds » est en trop dans « order »" in err
    assert "le sujet « refund » manque dans « order »" in err


def test_a_locale_with_other_options_is_refused(tmp_path, capsys):
    (tmp_path / "fr.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "en.toml").write_text(EN.replace("ask_merchant_first = true\n", "", 1), "utf-8")
    assert main([str(tmp_path)]) == 1
    assert "« order-not-received » : options différentes de fr.toml" in capsys.readouterr().err


def test_a_locale_with_other_details_is_refused(tmp_path, capsys):
    (tmp_path / "fr.toml").write_text(GOOD, encoding="utf-8")
    other = EN.replace("[details.order_reference]", "[details.invoice_number]")
    (tmp_path / "en.toml").write_text(other, "utf-8")
    assert main([str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "le détail « order_reference » manque ([details.order_reference])" in err
    assert "le détail « invoice_number » est en trop ([details.invoice_number])" in err
