"""The default lesson, run in Chromium by keyboard alone (ui/lesson.py), in en and zh.

Home's "Start the lesson" opens step 1; then only keys: → (and PageDown,
what a presenter's clicker sends) through every step, ← / PageUp back once.
On each step: its title, its page, the step in the address, a control of
the page showing the step's state, and the board's numbers as computed by
core.claims.lesson. Waits for conditions, never for fixed delays.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from core import lesson as lessons
from core.claims.lesson import board
from tests.browser.test_browser import RUNS_DONE, SKIP, open_page, wait_for
from tests.browser.layout import FIRST_SCREEN
from ui import display
from ui.i18n import LANGUAGES

pytestmark = pytest.mark.browser

INTRO = lessons.load("intro")
CHOICE_TEXT = {"activation": "act", "init": "init", "norm": "norm", "optimizer": "opt", "network": "exploding.kind", "recurrent_init": "rnn.init"}
NOT_READ = {"cells"}  # a pills group: checked through the address
MODES = {"1400px": ({"width": 1400, "height": 900}, {}), "present": ({"width": 1280, "height": 720}, {"present": "true"})}
PANEL_TEXT = "() => { const panel = document.querySelector('.st-key-lesson_panel'); return panel ? panel.innerText : ''; }"


def expected(k: int, language: str) -> tuple[str, dict[str, float]]:
    step = INTRO.steps[k - 1]
    numbers = board(step.page, list(step.board), step.params)
    return lessons.render(step, language, numbers)["title"], numbers


def step_counter(k: int, language: str) -> str:
    return LANGUAGES[language]["lesson.step"].format(k=k, n=len(INTRO.steps))


def wait_for_step(page: Page, k: int, language: str) -> None:
    """The panel shows step k (its counter: the takeaway is folded until the lecturer opens it)."""
    counter = step_counter(k, language)
    wait_for(page, f"() => ({PANEL_TEXT})().includes({json.dumps(counter)})", f"step {k} ({counter!r})")
    wait_for(page, RUNS_DONE, f"step {k}'s page to finish running")


def open_the_answer(page: Page, k: int) -> None:
    """What the lecturer does after asking the room: the takeaway and the board unfold."""
    page.locator(f".st-key-lesson_reveal_{k} summary").click()
    wait_for(page, f"() => !!document.querySelector('.st-key-lesson_reveal_{k} h3')", f"step {k}'s answer to unfold")


SHOWN = """(key) => {
    // A widget's box, or the scrubbing slider's (ui/scrub.py: its component's key is _<key>_scrub).
    const box = document.querySelector('[data-testid="stMain"] .st-key-' + key) || document.querySelector('[data-testid="stMain"] .st-key-_' + key + '_scrub');
    if (!box) return null;
    const thumb = box.querySelector('[role="slider"], input[type="range"]');
    if (thumb) return thumb.getAttribute('aria-valuetext') || thumb.value;
    const input = box.querySelector('input');
    if (input && input.type === 'checkbox') return String(input.checked);
    if (input && input.type === 'radio') { const on = box.querySelector('input:checked'); return on ? on.closest('label').innerText.trim() : null; }
    return input ? input.value : null;
}"""


def check_step(page: Page, k: int, language: str) -> None:
    step, strings = INTRO.steps[k - 1], LANGUAGES[language]
    address = urlparse(page.url)
    query = {key: values[-1] for key, values in parse_qs(address.query).items()}
    assert address.path.rstrip("/").endswith("/" + step.page), (k, page.url)
    assert query.get("lesson") == "intro" and query.get("step") == str(k), (k, page.url)
    checked = 0
    for key, value in step.params.items():
        assert key not in query or float_or_text(query[key]) == float_or_text(value), (k, key, query[key], value)  # absent: the default
        if key in NOT_READ:
            continue
        wanted = strings[f"{CHOICE_TEXT[key]}.{value}"] if key in CHOICE_TEXT else value
        # The browser's widget catches up with the run that set it within moments: wait for it, then compare.
        try:
            page.wait_for_function(f"""() => {{ const shown = ({SHOWN})({json.dumps(key)}); const wanted = {json.dumps(wanted)};
                return shown === wanted || parseFloat((shown || '').replace(/,/g, '')) === parseFloat(wanted); }}""", timeout=15_000)
        except PlaywrightTimeout:
            pytest.fail(f"step {k}: {key} shows {page.evaluate(SHOWN, key)!r}, the step says {wanted!r}", pytrace=False)
        checked += 1
    assert checked, f"step {k}: no control of its state is on the page"
    panel = page.locator(".st-key-lesson_panel").inner_text()
    assert strings["lesson.step"].format(k=k, n=len(INTRO.steps)) in panel
    title = expected(k, language)[0]
    assert title not in panel, f"step {k}: the takeaway is shown before the room is asked"
    open_the_answer(page, k)
    panel = page.locator(".st-key-lesson_panel").inner_text()
    assert title in panel
    for name, value in expected(k, language)[1].items():
        assert display.number(value, 3) in panel, (k, name, display.number(value, 3))
        assert strings[f"lesson.board.{step.page}.{name}"] in panel


def float_or_text(text: str):
    try:
        return float(text)
    except ValueError:
        return text


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_lesson_runs_end_to_end_by_keyboard(page: Page, app_url: str, language: str):
    strings = LANGUAGES[language]
    errors = open_page(page, app_url, f"/?lang={language}&{SKIP}")
    page.get_by_role("button", name=strings["lesson.start"]).click()
    wait_for_step(page, 1, language)
    check_step(page, 1, language)
    for k in range(2, len(INTRO.steps) + 1):
        page.keyboard.press("PageDown" if k % 2 else "ArrowRight")
        wait_for_step(page, k, language)
        check_step(page, k, language)
        if k == 3:  # back and forward again, by the other keys
            page.keyboard.press("ArrowLeft")
            wait_for_step(page, 2, language)
            page.keyboard.press("PageUp")
            wait_for_step(page, 1, language)
            page.keyboard.press("ArrowRight")
            wait_for_step(page, 2, language)
            page.keyboard.press("ArrowRight")
            wait_for_step(page, 3, language)
    page.keyboard.press("ArrowRight")  # the last step's Next ends the lesson
    page.get_by_text(strings["lesson.finished"].format(title=INTRO.title[language])).wait_for()
    assert urlparse(page.url).path.rstrip("/").endswith("/lesson")
    assert page.get_by_test_id("stException").count() == 0 and not errors, errors


def test_arrow_keys_stay_with_a_focused_slider(page: Page, app_url: str):
    """→ on a focused slider moves the slider, not the lesson."""
    open_page(page, app_url, f"/vanishing?lesson=intro&step=1&{SKIP}")
    wait_for_step(page, 1, "en")
    thumb = page.locator('[data-testid="stMain"] .scrub input[type="range"]')
    thumb.focus()
    page.keyboard.press("ArrowRight")
    wait_for(page, "() => document.querySelector('[data-testid=\"stMain\"] .scrub input[type=\"range\"]').value === '21'", "the slider to move")
    wait_for(page, RUNS_DONE, "the run to finish")
    assert step_counter(1, "en") in page.evaluate(PANEL_TEXT)
    assert parse_qs(urlparse(page.url).query)["step"] == ["1"]


@pytest.mark.parametrize("mode", ["1400px", "present"])
@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("k", [1, 9, 11, 17])
def test_no_lesson_text_is_cut(page: Page, app_url: str, k: int, language: str, mode: str):
    """The lesson panel and the notice on a few steps, as tests/browser/test_no_clipping.py checks the pages."""
    from urllib.parse import urlencode

    from tests.browser.layout import CUT_CHART_TEXT, OVERFLOWING_TEXT

    viewport, option = MODES[mode]
    page.set_viewport_size(viewport)
    step = INTRO.steps[k - 1]
    query = urlencode(step.params | {"lesson": "intro", "step": str(k), "lang": language} | option) + "&" + SKIP
    open_page(page, app_url, f"/{step.page}?{query}")
    wait_for_step(page, k, language)
    open_the_answer(page, k)
    cut = page.evaluate(OVERFLOWING_TEXT) + page.evaluate(CUT_CHART_TEXT)
    assert not cut, "text cut or overflowing its box:\n" + "\n".join(json.dumps(item, ensure_ascii=False) for item in cut)
    assert page.locator(".st-key-lesson_notice").count() == 1, "the notice sits above its chart"


def test_the_keys_work_in_presentation_mode(page: Page, app_url: str):
    """The sidebar (where the key script sits) starts closed on a projector: → and ← still turn the steps."""
    page.set_viewport_size(MODES["present"][0])
    open_page(page, app_url, f"/vanishing?lesson=intro&step=1&present=true&lang=zh&{SKIP}")
    wait_for_step(page, 1, "zh")
    page.keyboard.press("ArrowRight")
    wait_for_step(page, 2, "zh")
    assert not page.evaluate(FIRST_SCREEN)["sidebarOpen"], "the sidebar stayed closed"
    page.keyboard.press("ArrowLeft")
    wait_for_step(page, 1, "zh")


def test_train_inside_a_lesson_step_then_back_forward_and_the_link(page: Page, browser, app_url: str):
    """A lecturer's chain on the last step ("Press Train to compare its loss"):
    Train, ← to the step before, → back, then the Link opened on another
    device. The trained result stays (cached for the step's settings), the
    step and its state stay in the address, and the other device opens the
    same step with the same numbers (the training result too: the server's
    cache holds it for the step's settings)."""
    from tests.browser.test_classroom import fresh_page, metrics, read_link, run_and_wait

    k = len(INTRO.steps)
    step = INTRO.steps[k - 1]
    assert step.page == "remedies" and "Train" in step.text["en"]["say"], "the last step is the one that asks to train"
    open_page(page, app_url, f"/remedies?lesson=intro&step={k}&{SKIP}")
    wait_for_step(page, k, "en")
    before = metrics(page)
    run_and_wait(page, page.get_by_role("button", name=LANGUAGES["en"]["remedies.train_start"]).click)
    trained = metrics(page)
    labels = [label for label, _ in trained]
    for key in ("remedies.metric_loss", "remedies.metric_accuracy"):
        assert LANGUAGES["en"][key] in labels and LANGUAGES["en"][key] not in [label for label, _ in before], (key, before, trained)

    page.keyboard.press("ArrowLeft")  # focus is still on Train: the keys turn the steps all the same
    wait_for_step(page, k - 1, "en")
    page.keyboard.press("ArrowRight")
    wait_for_step(page, k, "en")
    check_step(page, k, "en")
    page.get_by_test_id("stMain").get_by_test_id("stMetric").nth(len(trained) - 1).wait_for()
    assert metrics(page) == trained, "the trained result for the step's settings is kept"

    link = read_link(page)
    assert parse_qs(urlparse(link).query)["step"] == [str(k)], link
    other = fresh_page(browser)
    other.goto(link + ("&" if "?" in link else "?") + SKIP)
    wait_for_step(other, k, "en")
    check_step(other, k, "en")
    other.get_by_test_id("stMain").get_by_test_id("stMetric").nth(len(trained) - 1).wait_for()
    assert metrics(other) == trained, "the other device shows the same numbers, the trained result included (cached on the server)"
    other.context.close()
