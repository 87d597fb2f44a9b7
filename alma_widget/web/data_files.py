"""A Reflex build plugin: files the page fetches once touched, among the public files: the help
search's index (alma_widget/help_search/index_files.py) and the form's checks
(alma_widget/components/form_checks.py), each language's."""

from __future__ import annotations

from reflex_base.plugins import Plugin

from alma_widget.components.form_checks import checks_files
from alma_widget.content.loading import locales
from alma_widget.help_search.index_files import index_files


class DataFiles(Plugin):
    def get_static_assets(self, **context):
        return [*index_files(locales()), *checks_files()]
