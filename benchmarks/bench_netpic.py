"""Frames per second of the network picture's "Play the backward pass" (ui/netpic.js).

    python benchmarks/bench_netpic.py [--depth 100] [--seconds 4] [--repeat 3] [--present]

Starts `streamlit run dashboard.py`, opens Vanishing at `--depth` (width 64, the
default sigmoid net: 100 layer columns of 8 x 8 drawn connections) in headless
Chromium at 1600 x 1000, presses Play and counts the frames the animation drew
(the picture's data-draws counter, one per requestAnimationFrame) over
`--seconds` (at most one pass: a pass takes 50 ms per layer, 5 s at depth 100),
`--repeat` times. Prints each run's frames per second and the median. Target: 30
or more. --present: presentation mode, the picture across the page's full width.
Run it on an idle machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.conftest import VIEWPORT, chromium_path, streamlit_server  # noqa: E402
from tests.browser.test_browser import APP_IDLE, SKIP  # noqa: E402

# In the page, while the animation plays: (frames drawn over `seconds`, seconds elapsed, frame reached).
COUNT_FRAMES = """async (root, seconds) => {
    const draws = () => Number(root.dataset.draws);
    const start = performance.now(), before = draws();
    await new Promise(done => setTimeout(done, seconds * 1000));
    return [draws() - before, (performance.now() - start) / 1000, Number(root.dataset.frame)];
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--depth", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--present", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as logs, streamlit_server(Path(logs)) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport=VIEWPORT)
        page.set_default_timeout(180_000)
        page.goto(f"{url}/vanishing?{SKIP}&depth={args.depth}" + ("&present=true" if args.present else ""))
        page.wait_for_function(APP_IDLE)
        picture = page.locator(".netpic[data-layers]")
        picture.wait_for()
        picture.scroll_into_view_if_needed()
        print(f"Vanishing depth {args.depth}: {picture.get_attribute('data-columns')} columns, canvas {picture.locator('canvas').bounding_box()['width']:.0f} px wide")
        rates = []
        for run in range(args.repeat):
            picture.locator("button.play").click()
            frames, elapsed, frame = picture.evaluate(COUNT_FRAMES, args.seconds)
            page.wait_for_function("root => root.dataset.playing === 'false'", arg=picture.element_handle())  # the pass ends: the next Play starts a new one
            rates.append(frames / elapsed)
            print(f"run {run + 1}: {frames} frames in {elapsed:.2f} s = {frames / elapsed:.1f} fps (reached layer {args.depth - frame})")
        print(f"median: {statistics.median(rates):.1f} fps (target >= 30)")
        browser.close()


if __name__ == "__main__":
    main()
