"""Headless Chromium for the review page's tests and screenshots.

Debian's ``chromium`` and ``chromium-driver`` come from one source package, so the driver always
matches the browser; selenium drives them through that driver, and nothing downloads a browser
of its own. ``unavailable()`` says why there is no browser, so tests can skip with the reason.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--hide-scrollbars")
INSTALL = "install Debian's chromium and chromium-driver (.ci/run does) and pip install selenium"


def unavailable() -> str | None:
    """None if a headless Chromium can be driven here, else the reason it cannot."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return f"selenium is not installed; {INSTALL}"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists() and not shutil.which(Path(path).name):
            return f"{path} is missing; {INSTALL}"
    return None


class Browser:
    """One headless Chromium with a fresh profile; console messages collected per page."""

    def __init__(self, width: int = 1280, height: int = 900):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self._profile = tempfile.mkdtemp(prefix="summarizer-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
        for flag in (*FLAGS, f"--user-data-dir={self._profile}", f"--window-size={width},{height}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver_path = CHROMEDRIVER if Path(CHROMEDRIVER).exists() else shutil.which("chromedriver")
        self.driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)

    def open(self, page: Path, timeout: float = 30.0) -> float:
        """Load a page from disk and wait for its script to say it is ready; the wall-clock
        seconds it took (navigation, parsing, the first render)."""
        self.console()  # drop what earlier pages logged
        started = time.perf_counter()
        self.driver.get(page.resolve().as_uri())
        while self.js("return document.body && document.body.dataset.ready") != "1":
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"{page.name} never became ready; console: {self.console()}")
            time.sleep(0.01)
        return time.perf_counter() - started

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def console(self) -> list[dict]:
        """The console messages since the last call (errors have level SEVERE)."""
        return self.driver.get_log("browser")

    def errors(self) -> list[str]:
        return [entry["message"] for entry in self.console() if entry["level"] == "SEVERE"]

    def screenshot(self, target: Path, width: int, height: int) -> None:
        self.driver.set_window_size(width, height)
        self.driver.save_screenshot(str(target))

    def close(self) -> None:
        self.driver.quit()
        shutil.rmtree(self._profile, ignore_errors=True)
