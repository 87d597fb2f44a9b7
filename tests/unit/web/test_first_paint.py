"""The build plugin's rewrite of a page for its first paint (alma_widget/web/first_paint.py)."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from alma_widget.web.first_paint import (
    AT_FIRST_TOUCH,
    HELD_START_UP,
    LATER_STYLESHEET,
    SCRIPT_HASHES,
    TOUCH_SCRIPTS,
    FirstPaintPages,
    first_paint,
    script_hashes,
)

CSS = ".widget{color:red}"
PAGE = (
    '<!DOCTYPE html><html lang="fr"><head>'
    '<link as="style" href="/assets/__reflex_global_styles-AB12.css" rel="preload"/>'
    '<link rel="modulepreload" href="/assets/manifest-1.js"/>'
    '<link rel="modulepreload" href="/assets/entry.client-2.js"/>'
    '<link href="/assets/__reflex_global_styles-AB12.css" rel="stylesheet" type="text/css"/>'
    '</head><body><main class="widget" lang="fr"></main>'
    '<script>((storageKey, restoreKey) => {\n  window.scrollTo(0, 0);\n})("k", null)</script>'
    '<script>window.__reactRouterContext = {"basename":"/"};</script>'
    '<script type="module" async="">import "/assets/manifest-1.js";\n'
    'import * as route0 from "/assets/root-3.js";\n'
    'import("/assets/entry.client-2.js");</script>'
    '<!--$?--><template id="B:0"></template><!--/$--><div hidden id="S:0">'
    "<script>window.__reactRouterContext.streamController.close();</script></div>"
    '<script>$RC("B:0","S:0")</script></body></html>'
)
START_UP = 'import * as route0 from "/assets/root-3.js";\nimport("/assets/entry.client-2.js");'
ADMIN = PAGE.replace('<main class="widget" lang="fr"></main>', "<main>admin</main>")


def _built(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "__reflex_global_styles-AB12.css").write_text(CSS)
    return tmp_path


def test_a_widget_page_needs_nothing_but_itself_until_the_first_touch(tmp_path):
    html = first_paint(PAGE, _built(tmp_path), "/en/checkout/index.html")
    assert f"<style>{CSS}</style>" in html
    assert "modulepreload" not in html and 'rel="preload"' not in html
    # The stylesheet's link goes (the browser shell hydrates the body alone): nothing of it
    # is downloaded.
    assert "__reflex_global_styles" not in html
    # React's start-up is held in place for assets/boot.js, not run.
    assert '<script type="module"' not in html
    assert f"{HELD_START_UP}{START_UP}</script></body>" in html
    assert html.startswith('<!DOCTYPE html><html lang="en">')


def test_the_back_office_starts_as_usual(tmp_path):
    html = first_paint(ADMIN, _built(tmp_path), "/admin.html")
    assert f"<style>{CSS}</style>" in html
    assert 'media="print" type="text/css"' in html and "disabled" not in html
    assert f'<script type="module" async="">{START_UP}</script></body>' in html
    assert "modulepreload" in html
    assert '<html lang="fr">' in html


def _hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def test_each_page_s_inline_scripts_hashes_are_written_beside_the_build(tmp_path):
    (tmp_path / "client").mkdir()
    static = _built(tmp_path / "client")
    (static / "index.html").write_text(
        PAGE.replace(
            "</body>", '<script>window.a = 1;</script><script src="/search.js"></script></body>'
        )
    )
    # Another page, with a script of its own, built twice (Reflex writes both names).
    (static / "en").mkdir()
    other = PAGE.replace("</body>", "<script>window.b = 2;</script></body>")
    (static / "en" / "index.html").write_text(other)
    (static / "en.html").write_text(other)
    FirstPaintPages().post_build(static_dir=static)
    written = json.loads((tmp_path / SCRIPT_HASHES).read_text())
    # Each page allows its own scripts and no other page's (800 bytes of headers less).
    assert written == {
        "/": sorted(_hash(code) for code in ("window.a = 1;", START_UP)),
        "/en": sorted(_hash(code) for code in ("window.b = 2;", START_UP)),
    }
    assert set(written["/en"]) == script_hashes((static / "en" / "index.html").read_text())
    assert (static / "en" / "index.html").read_text().startswith('<!DOCTYPE html><html lang="en">')


def test_what_the_first_touch_needs_comes_from_files_of_their_own(tmp_path):
    """The later styles, the page's side of React, the form's checks and the flow: not in
    the page (assets/boot.js loads the files the page names at the first touch, in order),
    nor their hashes in its policy; the back office keeps its scripts inline and its link."""
    (tmp_path / "client").mkdir()
    static = _built(tmp_path / "client")
    placed = ""
    for number, name in enumerate(AT_FIRST_TOUCH):
        if name.endswith(".css"):
            (static / name).write_text(f"/* why */\n.ran{number} {{\n  color: red;\n}}\n")
            placed += f'<link href="/{name}" rel="stylesheet"/>'
        else:
            code = f"(function () {{\n  // why\n  window.ran{number} = 1;\n}})();\n"
            (static / name).write_text(code)
            placed += f'<script data-inline="{name}"></script>'
    (static / "index.html").write_text(PAGE.replace("</head>", placed + "</head>"))
    (static / "admin.html").write_text(ADMIN.replace("</head>", placed + "</head>"))
    FirstPaintPages().post_build(static_dir=static)
    page = (static / "index.html").read_text()
    admin = (static / "admin.html").read_text()
    [styles] = (static / "assets").glob(f"{Path(LATER_STYLESHEET).stem}-*.css")
    [scripts] = (static / "assets").glob(f"{Path(TOUCH_SCRIPTS).stem}-*.js")
    held = [
        page.index(f'<script type="text/alma-touch">/assets/{built.name}</script>')
        for built in (styles, scripts)
    ]
    assert held == sorted(held) and page.count("text/alma-touch") == 2
    code = scripts.read_text()
    ran = [code.index(f"window.ran{number}=1") for number in range(1, len(AT_FIRST_TOUCH))]
    assert ran == sorted(ran) and "why" not in code
    assert ".ran0{color:red}" in styles.read_text() and "why" not in styles.read_text()
    for number, name in enumerate(AT_FIRST_TOUCH):
        assert f"ran{number}" not in page and f'href="/{name}"' not in page
        # The back office does not start at a touch: it keeps them inline, or linked.
        assert f"window.ran{number}" in admin or f'<link href="/{name}"' in admin
    written = json.loads((tmp_path / SCRIPT_HASHES).read_text())
    assert written["/"] == [_hash(START_UP)]


def test_nothing_of_react_router_s_client_is_left_in_a_page(tmp_path):
    """The browser shell (web/browser_shell.py) reads neither React Router's context nor its
    manifest nor its streamed loader data: the page does not carry them."""
    built = _built(tmp_path)
    for page, route in ((PAGE, "/fr/checkout/index.html"), (ADMIN, "/admin.html")):
        html = first_paint(page, built, route)
        assert "__reactRouterContext" not in html and "storageKey" not in html
        assert "manifest-1.js" not in html.split("</head>")[1]
        assert "S:0" not in html and "$RC" not in html


def test_a_stylesheet_that_would_end_its_style_element_keeps_its_link(tmp_path):
    """« </style » inside the rules (a content: string, a comment) would close the inlined
    element early and spill the rest into the page as text: that stylesheet stays linked."""
    built = _built(tmp_path)
    spilling = 'p::after { content: "</STYLE><script>alert(1)</script>"; }'
    (built / "assets" / "__reflex_global_styles-AB12.css").write_text(spilling)
    html = first_paint(PAGE, built, "/en/checkout/index.html")
    assert "<style>" not in html and "alert(1)" not in html
    assert '<link href="/assets/__reflex_global_styles-AB12.css" rel="stylesheet"' in html


def test_the_head_scripts_get_their_code_in_the_page_and_their_hash(tmp_path):
    built = _built(tmp_path)
    (built / "boot.js").write_text(
        "(function () {\n  // a comment\n  window.booted = true;\n})();\n"
    )
    page = PAGE.replace("</head>", '<script data-inline="boot.js"></script></head>')
    html = first_paint(page, built, "/fr/index.html")
    filled = html[html.index('<script data-inline="boot.js">') :].split("</script>")[0]
    assert "window.booted=!0" in filled and "comment" not in filled
    code = filled.split(">", 1)[1]
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in script_hashes(html)


def test_only_the_boot_script_holds_the_first_paint(tmp_path):
    """The scripts the first paint does not need run after the page, in their order, before
    React's start-up; assets/boot.js stays in the head (the host's theme, the first touch)."""
    built = _built(tmp_path)
    names = ("boot.js", "host.js", "widget.js", "form_checks.js", "client_flow.js")
    for name in names:
        (built / name).write_text(f"window.ran = (window.ran || []).concat({name!r});\n")
    scripts = "".join(f'<script data-inline="{name}"></script>' for name in names)
    for page, route in ((PAGE, "/fr/checkout/index.html"), (ADMIN, "/admin.html")):
        html = first_paint(page.replace("</head>", scripts + "</head>"), built, route)
        head, body = html.split("</head>")
        assert '"boot.js"' in head and "host.js" not in head and "client_flow" not in head
        after_main = body.split("</main>")[1]
        after = list(names[1:])
        positions = [after_main.index(f'data-inline="{name}"') for name in after]
        assert positions == sorted(positions)
        assert after_main.index("client_flow") < after_main.index("route0")


def test_reflex_s_colour_mode_script_is_not_sent(tmp_path):
    """Nothing reads the class it sets (assets/boot.js paints the host's mode)."""
    from reflex.utils.misc import preload_color_theme

    script = preload_color_theme("system")
    code = script.render()["children"][0]["contents"]
    assert "localStorage" in code
    page = PAGE.replace("<head>", f"<head><script>{json.loads(code)}</script>")
    html = first_paint(page, _built(tmp_path), "/fr/index.html")
    assert "localStorage" not in html and "<head><style>" in html
