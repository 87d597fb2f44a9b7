"""The files assets/boot.js loads at the first touch (web/first_paint.py), as the addresses
the end-to-end tests hold back or let through."""

from __future__ import annotations

import re
from pathlib import Path

from alma_widget.web.first_paint import LATER_STYLESHEET, TOUCH_SCRIPTS

_TOUCH_NAMES = "|".join(Path(name).stem for name in (LATER_STYLESHEET, TOUCH_SCRIPTS))
# Any of them: the later stylesheet or the scripts' bundle.
TOUCH_FILE = re.compile(rf"/assets/({_TOUCH_NAMES})-\w+\.(js|css)$")
# The scripts' bundle alone (the flow, the form's checks, the host's side).
TOUCH_SCRIPTS_FILE = re.compile(rf"/assets/{Path(TOUCH_SCRIPTS).stem}-\w+\.js$")
