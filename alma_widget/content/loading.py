"""Reads the content files and turns any problem into one message an editor can act on."""

from __future__ import annotations

import sys
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from alma_widget.content.models import Catalog

CONTENT_DIR = Path(__file__).parent
DEFAULT_LOCALE = "fr"

# Pydantic's own messages are English; editors read French.
_FRENCH_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "clé inconnue (faute de frappe ?)",
    "string_type": "doit être un texte entre guillemets",
    "list_type": "doit être une liste de textes entre crochets",
    "bool_type": "doit valoir true ou false",
    "literal_error": "valeur non autorisée",
    "model_type": "doit être une table",
}


class ContentError(Exception):
    """A content file that cannot be used; the message names the file, the place and the problem."""


def _describe_place(data: Any, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic location into words, naming items by their id where they have one."""
    names = {"categories": "catégorie", "topics": "sujet", "help": "paragraphe"}
    parts: list[str] = []
    node = data
    key: int | str | None = None
    for step in loc:
        if isinstance(step, int) and key is not None:
            label = f"{names.get(str(key), str(key))} n°{step + 1}"
            node = node[step] if isinstance(node, list) and step < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                label += f" (id « {node['id']} »)"
            parts[-1] = label
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
        key = step
    return " › ".join(parts) or "racine du fichier"


def _explain(error: Any) -> str:
    if error["type"] == "value_error":
        return str(error["ctx"]["error"])
    if error["type"] == "literal_error":
        return f"valeur non autorisée, attendu : {error['ctx']['expected']}"
    return _FRENCH_MESSAGES.get(error["type"], str(error["msg"]))


def parse_catalog(path: Path) -> Catalog:
    """Load and validate one content file, or raise ContentError with a readable message."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ContentError(f"{path} : fichier illisible ({exc.strerror}).") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path} : syntaxe TOML invalide : {exc}.") from None
    try:
        return Catalog.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"- {_describe_place(data, tuple(err['loc']))} : {_explain(err)}"
            for err in exc.errors()
        ]
        raise ContentError(f"{path} : contenu invalide\n" + "\n".join(lines)) from None


def content_files(content_dir: Path | None = None) -> list[Path]:
    """Every locale's content file (in CONTENT_DIR unless told), sorted."""
    return sorted((content_dir or CONTENT_DIR).glob("*.toml"))


def locales(content_dir: Path | None = None) -> tuple[str, ...]:
    """The locales there is a content file for, the default one first."""
    names = sorted(p.stem for p in content_files(content_dir))
    return tuple(sorted(names, key=lambda name: name != DEFAULT_LOCALE))


@cache
def catalog(locale: str = DEFAULT_LOCALE) -> Catalog:
    """The validated content of a locale (the default one for an unknown locale), read once."""
    if locale not in locales():
        locale = DEFAULT_LOCALE
    return parse_catalog(CONTENT_DIR / f"{locale}.toml")


def _same_tree(path: Path, content: Catalog, reference_path: Path, reference: Catalog) -> list[str]:
    """Every locale has exactly the default locale's categories and topics, with its flags,
    and its details."""
    problems = []
    theirs, ours = content.tree(), reference.tree()
    for category_id in ours.keys() - theirs.keys():
        problems.append(f"la catégorie « {category_id} » manque")
    for category_id in theirs.keys() - ours.keys():
        problems.append(f"la catégorie « {category_id} » est en trop")
    for category_id in ours.keys() & theirs.keys():
        for topic_id in set(ours[category_id]) - set(theirs[category_id]):
            problems.append(f"le sujet « {topic_id} » manque dans « {category_id} »")
        for topic_id in set(theirs[category_id]) - set(ours[category_id]):
            problems.append(f"le sujet « {topic_id} » est en trop dans « {category_id} »")
    for category in content.categories:
        twin = reference.category(category.id)
        if twin is not None and twin.intro != category.intro:
            problems.append(f"« {category.id} » : intro différente de {reference_path.name}")
        if twin is not None and twin.icon != category.icon:
            problems.append(f"« {category.id} » : icône différente de {reference_path.name}")
        for topic in category.topics:
            other = reference.topic(category.id, topic.id)
            flags = ("ask_merchant_first", "accepts_attachments")
            if other is not None and any(getattr(topic, f) != getattr(other, f) for f in flags):
                problems.append(f"« {topic.id} » : options différentes de {reference_path.name}")
    for name in reference.details.keys() - content.details.keys():
        problems.append(f"le détail « {name} » manque ([details.{name}])")
    for name in content.details.keys() - reference.details.keys():
        problems.append(f"le détail « {name} » est en trop ([details.{name}])")
    if not problems:
        return []
    lines = "\n".join(f"- {p}" for p in sorted(problems))
    return [f"{path} : ne correspond pas à {reference_path.name}\n{lines}"]


def check_all(content_dir: Path | None = None) -> list[str]:
    """Validate every content file; the list of problems, empty when all is well."""
    content_dir = content_dir or CONTENT_DIR
    files = content_files(content_dir)
    if not files:
        return [f"{content_dir} : aucun fichier de contenu (*.toml)."]
    problems = []
    parsed: dict[Path, Catalog] = {}
    for path in files:
        try:
            parsed[path] = parse_catalog(path)
        except ContentError as exc:
            problems.append(str(exc))
    reference_path = content_dir / f"{DEFAULT_LOCALE}.toml"
    if reference_path not in parsed:
        return problems or [f"{reference_path} : la langue par défaut manque."]
    for path, content in parsed.items():
        problems += _same_tree(path, content, reference_path, parsed[reference_path])
    return problems


def main(argv: list[str] | None = None) -> int:
    """Console command: check the content files, print what is wrong, exit 1 if anything is."""
    args = sys.argv[1:] if argv is None else argv
    content_dir = Path(args[0]) if args else CONTENT_DIR
    problems = check_all(content_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    names = ", ".join(p.name for p in content_files(content_dir))
    print(f"Contenu valide : {names}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
