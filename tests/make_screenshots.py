"""Screenshots of the review pages for the README, made by the headless Chromium the tests use.

    python tests/make_screenshots.py

Builds the seed's page and a report of the five seeds from the recorded model answers (no model
needed), selects a quotation in each so the speaker's mention shows, and saves
docs/seed-page.png and docs/batch-report.png, through pngquant (256 colours, which text
screenshots survive unchanged to the eye, at about 40% of the size) when it is installed.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import Browser, unavailable  # noqa: E402
from conftest import SEED, recorded  # noqa: E402
from seed_results import seed_batch  # noqa: E402

from summarizer.cli import Env, main  # noqa: E402

DOCS = ROOT / "docs"
SIZE = (1000, 700)


def build(work: Path) -> tuple[Path, Path]:
    seed_page, report_page = work / "seed.html", work / "report.html"
    env = Env(stdout=io.StringIO(), stderr=sys.stderr, backend_factory=lambda _a: recorded())
    seed = SEED.relative_to(ROOT)  # the page shows the path as given; run from the project root
    assert main(["summarize", str(seed), "-o", str(seed_page), "--no-cache"], env) == 0
    _, jsonl = seed_batch(work / "seeds")
    assert main(["report", str(jsonl), "-o", str(report_page)], env) == 0
    return seed_page, report_page


def shoot(browser: Browser, page: Path, target: Path, quote: int, article: int = 0) -> None:
    width, height = SIZE  # the viewport itself, not the window around it
    browser.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    browser.open(page)
    if article:
        browser.js(f"document.getElementById('item-{article}').click()")
    browser.js(f"const m = document.querySelectorAll('mark.quote')[{quote}]; m.click(); m.focus(); window.scrollTo(0, 0);")
    errors = browser.errors()
    if errors:
        raise SystemExit(f"{page.name}: console errors: {errors}")
    target.write_bytes(browser.driver.get_screenshot_as_png())
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--speed", "1", "--quality", "70-95",
                        "--output", str(target), str(target)], check=False)
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size / 1024:.0f} KiB")


def main_() -> None:
    reason = unavailable()
    if reason:
        raise SystemExit(f"no headless Chromium: {reason}")
    DOCS.mkdir(exist_ok=True)
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as work:
        os.environ["SUMMARIZER_HOME"] = str(Path(work) / "home")  # leave the user's cache alone
        seed_page, report_page = build(Path(work))
        browser = Browser(*SIZE)
        try:
            shoot(browser, seed_page, DOCS / "seed-page.png", quote=1)
            shoot(browser, report_page, DOCS / "batch-report.png", quote=1, article=4)
        finally:
            browser.close()


if __name__ == "__main__":
    main_()
