"""My lesson in Chromium, as a lecturer builds one before class (ui/lesson.py).

Vanishing → a preset → Add this screen → Exploding from the menu → a slider
moved → Add this screen → the Lesson page → Run my lesson → the → key: the
second step's page shows the slider's value; its steps are in no address;
and the downloaded file loads back (core.lesson) as the same two steps.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page

from core import lesson as lessons
from tests.browser.test_browser import RUNS_DONE, SKIP, wait_for, wait_until_drawn
from tests.browser.test_classroom import apply_preset, open_lab_page, run_and_wait
from tests.browser.test_lesson_browser import PANEL_TEXT, SHOWN
from ui.i18n import LANGUAGES

pytestmark = pytest.mark.browser

EN = LANGUAGES["en"]


def add_this_screen(page: Page, k: int) -> None:
    """Open "Add to lesson" beside the title and press "Add this screen"."""
    button = page.locator(".st-key-lesson_add button")
    if not button.is_visible():
        run_and_wait(page, page.locator(".st-key-_lesson_add_open button").first.click)
    button.click()
    page.get_by_text(EN["lesson.added"].format(k=k)).wait_for()
    page.keyboard.press("Escape")  # the menu closes


def menu_to(page: Page, key: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_text(EN[f"nav.{key}"], exact=True).click()
    page.wait_for_url(lambda url: url.partition("?")[0].rstrip("/").endswith("/" + key))
    wait_for(page, RUNS_DONE, f"the {key} page to finish running")


def wait_for_my_step(page: Page, k: int, n: int) -> None:
    counter = EN["lesson.step"].format(k=k, n=n)
    wait_for(page, f"() => ({PANEL_TEXT})().includes('{counter}')", f"my lesson's step {k}")
    wait_for(page, RUNS_DONE, f"step {k}'s page to finish running")


def test_a_lecturer_adds_two_screens_runs_them_and_downloads_the_file(page: Page, app_url: str, tmp_path):
    errors = open_lab_page(page, app_url, "/vanishing")
    apply_preset(page, "vanishing", "he_he")
    add_this_screen(page, 1)
    menu_to(page, "exploding")
    wait_until_drawn(page)
    slider = page.get_by_test_id("stSlider").filter(has_text=EN["common.depth"]).first.get_by_role("slider")
    slider.focus()
    run_and_wait(page, lambda: slider.press("ArrowLeft"))
    run_and_wait(page, lambda: slider.press("ArrowLeft"))
    assert parse_qs(urlparse(page.url).query)["depth"] == ["8"]
    add_this_screen(page, 2)
    menu_to(page, "lesson")
    mine = page.locator(".st-key-lesson_mine")
    assert EN["exploding.title"] in mine.inner_text() and EN["vanishing.title"] in mine.inner_text()
    with page.expect_download() as download:
        page.locator(".st-key-lesson_download_mine button").click()
    path = tmp_path / "my-lesson.toml"
    download.value.save_as(path)
    saved = lessons.load_file(path)
    assert [(step.page, step.params) for step in saved.steps] == [
        ("vanishing", {"depth": "30", "width": "256", "activation": "relu", "init": "he_normal"}), ("exploding", {"depth": "8"})]
    page.locator(".st-key-lesson_start_mine button").click()
    wait_for_my_step(page, 1, 2)
    assert urlparse(page.url).path.rstrip("/").endswith("/vanishing") and "lesson=" not in page.url
    assert page.evaluate(SHOWN, "depth") == "30"
    page.keyboard.press("ArrowRight")
    wait_for_my_step(page, 2, 2)
    assert urlparse(page.url).path.rstrip("/").endswith("/exploding") and parse_qs(urlparse(page.url).query)["depth"] == ["8"]
    page.wait_for_function(f"() => ({SHOWN})('depth') === '8'")
    assert "lesson=" not in page.url and EN["lesson.session_badge"] in page.evaluate(PANEL_TEXT)
    assert page.get_by_test_id("stException").count() == 0 and not errors, errors


@pytest.mark.parametrize("mode", ["1400px", "present"])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_no_text_of_add_to_lesson_or_the_lesson_page_is_cut(page: Page, app_url: str, language: str, mode: str):
    """The open "Add to lesson" menu beside the title, and the Lesson page with a screen in my lesson."""
    from tests.browser.layout import OVERFLOWING_TEXT
    from tests.browser.test_lesson_browser import MODES

    viewport, option = MODES[mode]
    page.set_viewport_size(viewport)
    present = "&present=true" if option else ""
    errors = open_lab_page(page, app_url, f"/residual?lang={language}{present}")
    strings = LANGUAGES[language]
    run_and_wait(page, page.locator(".st-key-_lesson_add_open button").first.click)
    page.locator(".st-key-lesson_add button").click()
    page.get_by_text(strings["lesson.added"].format(k=1)).wait_for()
    assert not page.evaluate(OVERFLOWING_TEXT), page.evaluate(OVERFLOWING_TEXT)
    page.keyboard.press("Escape")
    if option:  # the sidebar is closed on a projector: the menu's own link to the Lesson page
        run_and_wait(page, page.locator(".st-key-_lesson_add_open button").first.click)
        page.get_by_test_id("stPopoverBody").get_by_text(strings["lesson.open_index"]).click()
        page.wait_for_url(lambda url: url.partition("?")[0].rstrip("/").endswith("/lesson"))
        wait_for(page, RUNS_DONE, "the Lesson page to finish running")
    else:
        page.get_by_test_id("stSidebarNav").get_by_text(strings["nav.lesson"], exact=True).click()
        page.wait_for_url(lambda url: url.partition("?")[0].rstrip("/").endswith("/lesson"))
        wait_for(page, RUNS_DONE, "the Lesson page to finish running")
    page.locator(".st-key-lesson_start_mine").wait_for()
    assert strings["residual.title"] in page.locator(".st-key-lesson_mine").inner_text()
    assert not page.evaluate(OVERFLOWING_TEXT), page.evaluate(OVERFLOWING_TEXT)
    assert page.get_by_test_id("stException").count() == 0 and not errors, errors
