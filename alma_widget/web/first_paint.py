"""A Reflex build plugin: the first paint is the final page, and it needs the page alone.

After the production build, each page is rewritten so that what a customer first sees needs
one round trip and nothing else from the widget's origin:
- the stylesheet's rules go into a <style> (a linked stylesheet blocks the first paint until
  it has arrived: on a phone with a 100 ms round trip, the choices appeared a round trip
  after the page itself; `make bench`, « first usable »);
- the inline scripts of the head (assets/boot.js, client_flow.js…) get their code, minified:
  React renders them empty, so the JavaScript bundle does not carry that code a second time;
- those that the first paint does not need go after the page (`AFTER_THE_PAGE`): in the head
  they held the parser, and so the paint of the choices, while they compiled and ran (about
  40 ms under Lighthouse's mobile CPU on a local copy of the page: `make bench`, « first
  usable »); a choice made before they run is handed to them (assets/boot.js);
- what is needed only once the customer has reached out (`AT_FIRST_TOUCH`: the styles of
  what only shows then, the flow, the page's side of React, the form's checks, the scripts
  joined into one) becomes files of their own, which assets/boot.js loads at the first touch;
- Reflex's colour-mode script goes (the widget paints the host's mode itself: assets/boot.js);
- a page's `<html lang>` is its variant's language (alma_widget/web/page_variants.py), so it is
  right with JavaScript off too (Reflex writes one `html_lang` for every page);
- what only React Router's client read goes (the browser takes the page over without it:
  web/browser_shell.py): the end of the body is the start-up script;
- on the widget's pages, that start-up script is held (a type that does not run) and the
  module preloads go: assets/boot.js starts the app at the customer's first touch. The
  stylesheet's link stays, disabled (see below).

Then the SHA-256 of every inline script of each page is written beside the build
(`script-hashes.json`, by page address): web/headers.py allows a page those and no other
inline script.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from reflex_base.plugins import Plugin

from alma_widget.web.minify import minified
from alma_widget.web.page_variants import variant_of

# An inline script whose code the build writes in (its value: the file's name under the
# built files), and what makes React leave an element's content to the page.
INLINE_SCRIPT = "data-inline"
EMPTY_FOR_REACT = {"dangerouslySetInnerHTML": {"__html": ""}}
_EMPTY_INLINE = re.compile(rf'<script {INLINE_SCRIPT}="(?P<name>[\w.-]+)"></script>')

_LINK = re.compile(
    r'<link href="(?P<href>/assets/__reflex_global_styles-[\w-]+\.css)" rel="stylesheet"'
    r"(?P<rest>[^>]*)/>"
)
_PRELOADS = re.compile(
    r'<link rel="modulepreload" href="[^"]+"/>'
    r'|<link as="style" href="/assets/__reflex_global_styles-[\w-]+\.css" rel="preload"/>'
)
_START_UP = '<script type="module" async="">'
HELD_START_UP = '<script type="text/alma-boot" async="">'
# What React Router's client reads, written at the end of the body by the prerender: its
# scroll restoration, its context, the loader data streamed into hidden elements, and the
# start-up's import of its manifest. The browser shell (web/browser_shell.py) reads none.
_ROUTER_SCRIPTS = re.compile(
    r"<script>\(\(storageKey, restoreKey\) =>.*?</script>"
    r"|<script>window\.__reactRouterContext = .*?</script>"
    r'|<div hidden id="S:\d+">.*?</div>'
    r'|<!--\$\?--><template id="B:\d+"></template><!--/\$-->'
    r'|<script id="_R_">.*?</script>|<script>\$R[BC]\b.*?</script>',
    re.S,
)
_MANIFEST_IMPORT = re.compile(
    r'(?<=<script type="module" async="">)import "/assets/manifest-[\w-]+\.js";\s*'
)
# The head keeps assets/boot.js (the host's theme before the first paint, the first touch
# heard); these run at the end of the body, in this order, before the held start-up.
AFTER_THE_PAGE = ("host.js", "widget.js", "form_checks.js", "client_flow.js")
# Needed only once the customer has reached out: files of their own that assets/boot.js
# loads at the first touch, in this order, before React starts: the styles of what only
# shows then (the form, the search's results, « Mes demandes »: assets/widget_later.css),
# the page's side of React (focus, storage, errors), the form's checks (the form is three
# choices away) and the flow. Until the flow arrives the radios and CSS show every choice,
# which it takes as if heard (assets/boot.js keeps them; boot.js opens a linked topic).
# 4 KB less before the first touch (`make bench`). The page names each file in a script of
# a type that does not run.
AT_FIRST_TOUCH = ("widget_later.css", "widget.js", "form_checks.js", "client_flow.js")
LATER_STYLESHEET = AT_FIRST_TOUCH[0]
TOUCH_SCRIPTS = "touch.js"
_LATER_LINK = f'<link href="/{LATER_STYLESHEET}" rel="stylesheet"/>'
_HELD_FOR_TOUCH = 'type="text/alma-touch"'
# One of them, with its code (the end-to-end tests hold them back by it).
_AFTER_THE_PAGE_NAMES = "|".join(map(re.escape, AFTER_THE_PAGE))
SCRIPT_AFTER_THE_PAGE = re.compile(
    rf'<script {INLINE_SCRIPT}="(?:{_AFTER_THE_PAGE_NAMES})">(?P<code>.*?)</script>', re.S
)
# Reflex's colour-mode script (reflex.utils.misc.preload_color_theme), the first of every
# head: it sets a `light`/`dark` class and a color-scheme that nothing of the widget reads
# (assets/boot.js paints the host's mode, assets/widget.css's tokens follow it), and its
# storage read throws in a cross-site frame. 340 bytes before the first touch, and the
# first script's start-up cost, for nothing.
_REFLEX_COLOR_MODE = re.compile(
    r"<script>\s*// Only run in browser environment, not during SSR\n.*?</script>", re.S
)
_HTML_LANG = re.compile(r'<html lang="[\w-]*"')
# Reflex's Open Graph image for every page: a widget in a frame is never shared as a link, and
# the file it names does not exist (the favicon is data:).
_OPEN_GRAPH_IMAGE = '<meta content="favicon.ico" property="og:image"/>'

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(?P<code>.*?)</script>", re.S)
# Beside the served files (build/client), read by web/headers.py.
SCRIPT_HASHES = "script-hashes.json"


def inline_stylesheet(html: str, static_dir: Path, *, fetched: bool = True) -> str:
    """`html` with the global stylesheet's rules in a <style>, before its link.

    The link stays where React hydrates the whole document (the back office: without it, or
    with another address, React throws the page away and draws it anew), print only, so no
    longer waited for on screen. Unless `fetched` (the widget's pages, whose body alone the
    browser shell hydrates: web/browser_shell.py) it goes.
    """

    def replace(match: re.Match[str]) -> str:
        css = (static_dir / match["href"].lstrip("/")).read_text(encoding="utf-8")
        if "</style" in css.lower():  # would end the element early: leave the link alone
            return match[0]
        if not fetched:
            return f"<style>{css}</style>"
        link = f'<link href="{match["href"]}" rel="stylesheet" media="print"{match["rest"]}/>'
        return f"<style>{css}</style>{link}"

    return _LINK.sub(replace, html, count=1)


def fill_inline_scripts(html: str, static_dir: Path) -> str:
    """`html` with each empty inline script given its file's code, minified."""

    def replace(match: re.Match[str]) -> str:
        code = minified((static_dir / match["name"]).read_text(encoding="utf-8")).strip()
        return f'<script {INLINE_SCRIPT}="{match["name"]}">{code}</script>'

    return _EMPTY_INLINE.sub(replace, html)


def scripts_after_page(html: str) -> str:
    """`html` with the scripts of `AFTER_THE_PAGE` moved from the head to the end of the body,
    before the React start-up (the storage they guard is read by the app)."""
    head_end = html.find("</head>")
    start_up = html.find(_START_UP, head_end)
    insert_at = start_up if start_up >= 0 else html.rfind("</body>")
    if head_end < 0 or insert_at < head_end:
        return html
    moved = [found[0] for found in SCRIPT_AFTER_THE_PAGE.finditer(html, 0, head_end)]
    if not moved:
        return html
    head = SCRIPT_AFTER_THE_PAGE.sub("", html[:head_end])
    return head + html[head_end:insert_at] + "".join(moved) + html[insert_at:]


def without_router_client(html: str) -> str:
    """`html` without what only React Router's client read: its start-up imports the page's
    modules and the shell's entry, nothing else."""
    return _MANIFEST_IMPORT.sub("", _ROUTER_SCRIPTS.sub("", html))


def hold_start_up(html: str) -> str:
    """`html` without module preloads, its React start-up held for assets/boot.js."""
    if _START_UP not in html:
        return html
    return _PRELOADS.sub("", html).replace(_START_UP, HELD_START_UP, 1)


def _write_built(static_dir: Path, stem: str, suffix: str, code: str) -> str:
    """`code` written under a name that changes with it (served for ever); its address."""
    digest = hashlib.sha256(code.encode("utf-8")).hexdigest()[:12]
    built = static_dir / "assets" / f"{stem}-{digest}{suffix}"
    built.parent.mkdir(parents=True, exist_ok=True)
    built.write_text(code, encoding="utf-8")
    return "/" + built.relative_to(static_dir).as_posix()


def write_touch_scripts(static_dir: Path) -> dict[str, str]:
    """The files of `AT_FIRST_TOUCH`, minified: the stylesheet alone, the scripts joined in
    their order into one (`TOUCH_SCRIPTS`: one request at the first touch, where each new
    connection of a phone costs a round trip). The address of each by name (the scripts
    share theirs)."""
    addresses = {}
    scripts = []
    for name in AT_FIRST_TOUCH:
        source = static_dir / name
        if not source.exists():
            continue
        suffix = Path(name).suffix
        code = minified(source.read_text(encoding="utf-8"), suffix).strip()
        if suffix == ".js":
            scripts.append((name, code))
        else:
            addresses[name] = _write_built(static_dir, Path(name).stem, suffix, code)
    if scripts:
        joined = "\n".join(code for _, code in scripts)
        address = _write_built(static_dir, Path(TOUCH_SCRIPTS).stem, ".js", joined)
        addresses.update({name: address for name, _ in scripts})
    return addresses


def held_for_touch(html: str, addresses: dict[str, str]) -> str:
    """`html` with each file of `addresses` named once, not inlined nor linked: assets/boot.js
    loads it at the customer's first touch."""
    named: set[str] = set()
    for name, address in addresses.items():
        empty = (
            _LATER_LINK
            if name == LATER_STYLESHEET
            else f'<script {INLINE_SCRIPT}="{name}"></script>'
        )
        held = "" if address in named else f"<script {_HELD_FOR_TOUCH}>{address}</script>"
        if empty in html:
            named.add(address)
            html = html.replace(empty, held, 1)
    return html


def first_paint(
    html: str, static_dir: Path, route: str, at_touch: dict[str, str] | None = None
) -> str:
    """A built page as the customer's browser should get it (`at_touch`: the addresses
    `write_touch_scripts` gave)."""
    widget_page = 'class="widget"' in html
    if widget_page:
        html = held_for_touch(html, at_touch or {})
    html = scripts_after_page(fill_inline_scripts(html, static_dir))
    html = _REFLEX_COLOR_MODE.sub("", html, count=1)
    html = html.replace(_OPEN_GRAPH_IMAGE, "", 1)
    html = inline_stylesheet(html, static_dir, fetched=not widget_page)
    html = _HTML_LANG.sub(f'<html lang="{variant_of(route).locale}"', html, count=1)
    html = without_router_client(html)
    return hold_start_up(html) if widget_page else html


def script_hashes(html: str) -> set[str]:
    """The CSP hash sources of a page's inline scripts (the held start-up included: boot.js
    runs a copy of it; a script held for the first touch only names a file)."""
    return {
        "'sha256-"
        + base64.b64encode(hashlib.sha256(m["code"].encode("utf-8")).digest()).decode()
        + "'"
        for m in _INLINE_SCRIPT.finditer(html)
        if _HELD_FOR_TOUCH not in m[0]
    }


def page_address(path: str) -> str:
    """The address a built page answers at, as the build and the server both name it:
    `/fr/checkout/index.html`, `/fr/checkout.html` and `/fr/checkout/` are `/fr/checkout`."""
    return path.removesuffix("index.html").removesuffix(".html").rstrip("/") or "/"


class FirstPaintPages(Plugin):
    """Rewrites every page of the production build for its first paint, and writes the
    hashes of each page's inline scripts for its Content-Security-Policy."""

    def post_build(self, **context) -> None:
        static_dir: Path = context["static_dir"]
        at_touch = write_touch_scripts(static_dir)
        hashes: dict[str, set[str]] = {}
        for page in static_dir.rglob("*.html"):
            route = "/" + page.relative_to(static_dir).as_posix()
            html = first_paint(page.read_text(encoding="utf-8"), static_dir, route, at_touch)
            page.write_text(html, encoding="utf-8")
            hashes.setdefault(page_address(route), set()).update(script_hashes(html))
        # Each page's own: the whole build's (15) cost every page 800 bytes of headers.
        written = {address: sorted(found) for address, found in sorted(hashes.items())}
        (static_dir.parent / SCRIPT_HASHES).write_text(
            json.dumps(written, indent=1), encoding="utf-8"
        )
