"""A default training run beside the largest ones (issue 15's scenario).

    python benchmarks/bench_training.py [--big 2]

Starts `streamlit run dashboard.py`, has `--big` browsers start Vanishing's
training at its largest settings (depth 100 x width 512, a seed each), then
one more browser train the default net, and prints how long the default run
took from its Train button to its result, whether it saw the "waiting for a
free training slot" notice, and the big runs' progress at that moment.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.bench_browser import start, wait_healthy  # noqa: E402
from tests.browser.conftest import RUN_COUNTER, VIEWPORT, free_port  # noqa: E402
from ui.lang.en import STRINGS  # noqa: E402

LARGEST = "/vanishing?depth=100&width=512&seed={seed}&skip_predictions=true"
DEFAULT = "/vanishing?skip_predictions=true"


def press_train(browser, url: str, route: str):
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(RUN_COUNTER)
    page = context.new_page()
    page.set_default_timeout(300_000)
    page.goto(url + route)
    button = page.get_by_role("button", name=STRINGS["vanishing.train_start"])
    button.wait_for()
    button.click()
    return page


def progress_text(page) -> str:
    bars = page.get_by_test_id("stProgress")
    return bars.first.inner_text() if bars.count() else "done"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--big", type=int, default=2, help="browsers training the largest settings first")
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start("dashboard.py", port)
    try:
        wait_healthy(url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            big = [press_train(browser, url, LARGEST.format(seed=seed)) for seed in range(1, args.big + 1)]
            for page in big:
                page.get_by_test_id("stProgress").first.wait_for()
            time.sleep(3)
            page = press_train(browser, url, DEFAULT)
            clicked, queued, seen = time.perf_counter(), False, False
            while True:  # the run is done when its progress bar has come and gone
                text = progress_text(page)
                if text != "done":
                    seen = True
                    queued = queued or STRINGS["frame.queued"] in text
                elif seen or time.perf_counter() - clicked > 5:
                    break
                time.sleep(0.05)
            took = time.perf_counter() - clicked
            print(f"default run beside {args.big} largest: {took:.1f} s from Train to result; waiting notice seen: {queued}")
            print("largest runs at that moment:", [progress_text(p) for p in big])
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
