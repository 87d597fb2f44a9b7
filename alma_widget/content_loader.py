"""Reads the content files and turns any problem into one message an editor can act on."""

from __future__ import annotations

import sys
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from alma_widget.catalog import Catalog

CONTENT_DIR = Path(__file__).parent / "content"
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
    return _FRENCH_MESSAGES.get(error["type"], error["msg"])


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


def content_files(content_dir: Path = CONTENT_DIR) -> list[Path]:
    """Every locale's content file, sorted."""
    return sorted(content_dir.glob("*.toml"))


@cache
def catalog(locale: str = DEFAULT_LOCALE) -> Catalog:
    """The validated content of a locale, read once per process."""
    return parse_catalog(CONTENT_DIR / f"{locale}.toml")


def check_all(content_dir: Path = CONTENT_DIR) -> list[str]:
    """Validate every content file; the list of problems, empty when all is well."""
    files = content_files(content_dir)
    if not files:
        return [f"{content_dir} : aucun fichier de contenu (*.toml)."]
    problems = []
    for path in files:
        try:
            parse_catalog(path)
        except ContentError as exc:
            problems.append(str(exc))
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
