"""The build plugin that lets the browser take a page over with Preact and without React
Router's client (alma_widget/web/browser_shell.py); the pages it builds are driven by every
end-to-end test, and `make bench` weighs them."""

from __future__ import annotations

import pytest

from alma_widget.web.browser_shell import PREACT_FOR, ViteConfigChanged, with_browser_shell

CONFIG = """import { defineConfig } from "vite";

export default defineConfig((config) => ({
  plugins: [
    alwaysUseReactDomServerNode(),
    reactRouter(),
  ],
}));"""


def test_the_browser_s_build_resolves_through_the_shell_first_and_once():
    changed = with_browser_shell(CONFIG)
    plugins = changed[changed.index("plugins: [") :]
    assert plugins.index("almaBrowserShell()") < plugins.index("reactRouter()")
    # Each of React's modules the browser takes from Preact is named in the resolver.
    assert all(f'"{name}": "{preact}"' in changed for name, preact in PREACT_FOR.items())
    # A second build over the same file adds nothing.
    assert with_browser_shell(changed) == changed


def test_a_changed_reflex_template_stops_the_build_with_the_file_to_review():
    with pytest.raises(ViteConfigChanged, match=r"browser_shell\.py"):
        with_browser_shell(CONFIG.replace("alwaysUseReactDomServerNode(),", ""))
