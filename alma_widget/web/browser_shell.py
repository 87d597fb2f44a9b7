"""A Reflex build plugin: the browser takes a page over with Preact and without React
Router's client.

A customer's first touch downloaded 162 KB of compressed JavaScript (#34's budget: 100 KB),
90 of them React DOM (54) and React Router (36), though the widget needs little of either:
each page is its own prerendered document, nobody moves between pages inside the frame, and
the page is already drawn when the app starts (docs/performance.md).

So the browser's build (and only it: the prerender keeps React and React Router, and the
documents they write) takes
- `react-router` from `browser_shell/router.js`: the hooks Reflex's client calls (the
  location, a navigation that loads the other page, no route parameters), the route
  module's wrappers as they are, head and tail components that render nothing;
- `react` and `react-dom` from Preact's compatibility layer (`preact/compat`, 8 KB).
`browser_shell/entry.client.js` hydrates the body with the page's one route module, which
the page's start-up script has loaded; <html> and <head> stay as the prerender wrote them.
"""

from __future__ import annotations

import json
from pathlib import Path

from reflex_base.plugins import Plugin

SHELL = Path(__file__).with_name("browser_shell")
ROUTER = "utils/alma_router.js"
DOCUMENT = "utils/alma_document.js"
ENTRY = "app/entry.client.js"
VITE_CONFIG = "vite.config.js"
PREACT = "preact@11.2.0"
# React's modules the browser's build takes from Preact's compatibility layer.
PREACT_FOR = {
    "react": "preact/compat",
    "react-dom": "preact/compat",
    "react-dom/client": "preact/compat/client",
    "react/jsx-runtime": "preact/jsx-runtime",
    "react/jsx-dev-runtime": "preact/jsx-runtime",
}

_RESOLVER = f"""
// alma_widget (web/browser_shell.py): the browser's build takes React Router from the
// widget's shell and React from Preact; the prerender keeps the real ones.
function almaBrowserShell() {{
  const router = fileURLToPath(new URL("./{ROUTER}", import.meta.url));
  const document = fileURLToPath(new URL("./{DOCUMENT}", import.meta.url));
  const preact = {json.dumps(PREACT_FOR)};
  return {{
    name: "alma-browser-shell",
    enforce: "pre",
    resolveId(source, importer) {{
      if (this.environment?.name !== "client") return null;
      if (source === "react-router" || source === "react-router/dom") return router;
      if (source === "./_document" && importer?.endsWith("/app/root.jsx")) return document;
      if (source in preact) return this.resolve(preact[source], importer, {{ skipSelf: true }});
      return null;
    }},
  }};
}}

export default defineConfig"""
_DEFINE = "\nexport default defineConfig"
_PLUGINS = "alwaysUseReactDomServerNode(),"


class ViteConfigChanged(RuntimeError):
    """Reflex's vite.config.js no longer has the lines this plugin adds to."""


def with_browser_shell(config: str) -> str:
    """The build's Vite configuration with the shell's resolver first among its plugins."""
    if "almaBrowserShell" in config:  # an earlier build already added it
        return config
    if _DEFINE not in config or _PLUGINS not in config:
        raise ViteConfigChanged(
            f"{VITE_CONFIG} de Reflex a changé : revoir alma_widget/web/browser_shell.py"
        )
    return config.replace(_DEFINE, _RESOLVER).replace(
        _PLUGINS, f"almaBrowserShell(),\n    {_PLUGINS}"
    )


def _shell_files() -> list[tuple[str, str]]:
    return [
        (ROUTER, (SHELL / "router.js").read_text(encoding="utf-8")),
        (DOCUMENT, (SHELL / "document.js").read_text(encoding="utf-8")),
        (ENTRY, (SHELL / "entry.client.js").read_text(encoding="utf-8")),
    ]


class BrowserShell(Plugin):
    """Writes the shell's router, document and entry into the build and points the browser's
    build at them (see the module's docstring)."""

    def pre_compile(self, **context) -> None:
        context["add_save_task"](_shell_files)
        context["add_modify_task"](VITE_CONFIG, with_browser_shell)

    def get_frontend_dependencies(self, **context) -> list[str]:
        return [PREACT]

    def provides_entry_client(self) -> bool:
        return True
