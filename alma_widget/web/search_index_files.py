"""A Reflex build plugin: the search index of every page language, among the public files
(alma_widget/help_search/index_files.py)."""

from __future__ import annotations

from reflex_base.plugins import Plugin

from alma_widget.content.loading import locales
from alma_widget.help_search.index_files import index_files


class SearchIndexFiles(Plugin):
    def get_static_assets(self, **context):
        return index_files(locales())
