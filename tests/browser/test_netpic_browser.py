"""The network picture (ui/netpic.py) in a real browser: Vanishing at depth 100 draws 100 layer
columns with the legend's powers of ten, and Play the backward pass runs in the browser until
Pause stops it; the step buttons move one layer."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from core import probe_gradients
from core.claims import vanishing
from tests.browser.test_browser import APP_IDLE, SKIP
from ui.lang.en import STRINGS
from ui.netpic import diagram

pytestmark = pytest.mark.browser

DEPTH = 100
PICTURE = ".netpic[data-layers]"  # Playwright's CSS engine looks inside the component's shadow root
# Distinct colours of the drawn canvas, on a coarse grid: a blank or one-colour canvas has at most a few.
CANVAS_COLOURS = """canvas => {
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set();
    for (let at = 0; at < pixels.length; at += 4 * 7) if (pixels[at + 3] > 200) seen.add(pixels.slice(at, at + 3).join());
    return seen.size;
}"""


def test_vanishing_depth_100_picture_and_animation(page, app_url):
    page.goto(f"{app_url}/vanishing?{SKIP}&depth={DEPTH}")
    page.wait_for_function(APP_IDLE)
    picture = page.locator(PICTURE)
    picture.wait_for()
    assert picture.get_attribute("data-layers") == str(DEPTH)
    assert picture.get_attribute("data-columns") == str(DEPTH + 1)  # the input and 100 layers

    probe = probe_gradients(replace(vanishing.DEFAULT_SPEC, depth=DEPTH))
    expected = diagram(probe["grad_norm"].tolist(), probe["zero_cause"].tolist(), [vanishing.DEFAULT_SPEC.width] * (DEPTH + 1))
    ticks = [tick["label"] for tick in expected["ticks"]]
    assert picture.locator(".legend .tick").all_inner_texts() == ticks
    assert "10⁰" in ticks and len(ticks) >= 4
    assert picture.locator(".legend").inner_text().count("0 (underflow)") == 1  # the sigmoid net at depth 100 underflows
    canvas = picture.locator("canvas")
    assert canvas.bounding_box()["width"] > 600
    assert canvas.evaluate(CANVAS_COLOURS) > 20

    # At rest every layer is lit (frame = depth). Play restarts from the loss and advances.
    assert picture.get_attribute("data-frame") == str(DEPTH)
    play = picture.locator("button.play")
    play.click()
    time.sleep(0.8)
    first = int(picture.get_attribute("data-frame"))
    time.sleep(0.8)
    second = int(picture.get_attribute("data-frame"))
    assert picture.get_attribute("data-playing") == "true"
    assert 0 < first < second < DEPTH, (first, second)

    play.click()  # now Pause
    assert picture.get_attribute("data-playing") == "false"
    paused, draws = picture.get_attribute("data-frame"), picture.get_attribute("data-draws")
    time.sleep(0.6)
    assert (picture.get_attribute("data-frame"), picture.get_attribute("data-draws")) == (paused, draws)

    picture.locator("button.forward").click()
    assert int(picture.get_attribute("data-frame")) == int(paused) + 1
    picture.locator("button.back").click()
    picture.locator("button.back").click()
    assert int(picture.get_attribute("data-frame")) == int(paused) - 1

    # A new net (depth 99) replaces the picture, drawn whole; the animation does not carry over.
    page.get_by_role("slider", name=STRINGS["common.depth"]).first.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("root => root.dataset.layers === '99'", arg=picture.element_handle())
    assert (picture.get_attribute("data-columns"), picture.get_attribute("data-frame"), picture.get_attribute("data-playing")) == ("100", "99", "false")
