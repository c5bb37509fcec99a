"""My lesson, lesson files and handouts (core/lesson.py dumps/loads/screen_step, core/handout.py, ui/lesson.py).

A lesson written out by dumps() loads back with the same steps; a malformed
upload is one line naming the file and the line; the handout has every
step's question, room for a prediction, and its computed answer after a
page break; and in the app, "Add this screen" on two pages makes a lesson
that runs on the Lesson page like the default one, whose file uploads back.
"""

from __future__ import annotations

import re
from html import escape

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from core import handout
from core import lesson as lessons
from core.claims.lesson import SCREEN_BOARD, board
from core.lesson import LessonError
from tests.test_lesson import GOOD_STEP, HEAD, follow_switches, shown_title
from tests.test_links import PATH_OF
from tests.test_pages import ENTRY, TIMEOUT, apply_preset
from tests.test_scrub import release
from ui import display
from ui.i18n import LANGUAGES
from ui.lesson import INDEX_PATH, handout_text
from ui.predict import SKIP_OPTION

INTRO = lessons.load("intro")


def same(step: lessons.Step) -> tuple:
    """A step without its line (a step made in the app has none)."""
    return step.page, step.state, step.params, step.board, step.section, step.text


# --- files: dumps, loads, screen_step ------------------------------------------------------------

def test_the_default_lesson_round_trips_through_dumps():
    back = lessons.loads(lessons.dumps(INTRO).encode("utf-8"), "intro.toml", "intro")
    assert [same(step) for step in back.steps] == [same(step) for step in INTRO.steps]
    assert back.title == INTRO.title and back.source == "intro.toml"


TRICKY = 'a "quote", a back\\slash, {braces}, a tab\there,\na new line, a DEL \x7f, 中文 and ⁻¹²'


def test_screens_with_any_text_round_trip_and_their_braces_are_not_fields():
    steps = (
        lessons.screen_step("vanishing", "depth=30&activation=relu", {"en": TRICKY, "zh": "梯度"}, say=TRICKY, ask="{ratio}?"),
        lessons.screen_step("exploding", "", {"en": "E", "zh": "爆炸"}),
        lessons.screen_step("rnn", "cells=rnn,gru&seq_len=50", {"en": "R", "zh": "R"}),
    )
    mine = lessons.Lesson("my-lesson", {"en": "Mine", "zh": "我的"}, steps)
    back = lessons.loads(lessons.dumps(mine).encode("utf-8"), "my-lesson.toml", "my-lesson")
    assert [same(step) for step in back.steps] == [same(step) for step in steps]
    assert all(step.line > 0 for step in back.steps) and not any(step.line for step in steps)
    assert back.steps[0].board == SCREEN_BOARD["vanishing"] and back.steps[2].params == {"cells": "rnn,gru", "seq_len": "50"}
    rendered = lessons.render(back.steps[0], "en", board("vanishing", list(SCREEN_BOARD["vanishing"]), back.steps[0].params))
    assert rendered["title"] == rendered["say"] == TRICKY and rendered["ask"] == "{ratio}?" and rendered["notice"] == ""


def test_a_screen_step_is_checked_as_a_files_step_is():
    with pytest.raises(LessonError, match="unknown page 'home'"):
        lessons.screen_step("home", "", {"en": "H", "zh": "H"})
    with pytest.raises(LessonError, match="names a control twice"):
        lessons.screen_step("vanishing", "depth=3&depth=4", {"en": "V", "zh": "V"})


def upload_error(text: str | bytes, limit: int = lessons.MAX_UPLOAD_BYTES) -> str:
    with pytest.raises(LessonError) as caught:
        lessons.loads(text if isinstance(text, bytes) else text.encode("utf-8"), "mine.toml", "mine", limit=limit)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message and message.startswith("mine.toml"), message
    return message


@pytest.mark.parametrize("text, expected", [
    (HEAD + GOOD_STEP.replace('page = "vanishing"', 'page = vanishing'), "line 6"),  # TOML: a bare word
    (HEAD + GOOD_STEP + GOOD_STEP.replace('page = "vanishing"', 'page = "homepage"'), "step 2 (line 12): unknown page 'homepage'"),
    (HEAD + GOOD_STEP + GOOD_STEP.replace('title = "T {depth:.0f}", say', 'say'), "step 2 (line 12): [step.en] has no title"),
    (HEAD + GOOD_STEP.replace('board = ["depth"]', 'board = ["gain"]'), "step 1 (line 5): unknown board number 'gain'"),
    (HEAD + "\n" * 3 + GOOD_STEP.replace('state = "depth=30"', 'state = "depth=30&&"'), "step 1 (line 8)"),
    ("step = [1, 2]\n" + HEAD, "each step must be a [[step]] table"),
    (HEAD, "no steps"),
    ('[lesson]\nen = { title = "x" }\n' + GOOD_STEP, "no zh.title"),
    (b"\xff\xfe[lesson]", "not UTF-8"),
])
def test_a_malformed_upload_is_one_line_naming_where(text, expected):
    assert expected in upload_error(text), upload_error(text)


def test_an_upload_over_the_limit_is_refused_before_it_is_read():
    assert f"over {lessons.MAX_UPLOAD_BYTES:,} bytes" in upload_error(HEAD + GOOD_STEP + "#" * lessons.MAX_UPLOAD_BYTES)
    assert len(lessons.dumps(INTRO).encode("utf-8")) < lessons.MAX_UPLOAD_BYTES, "the default lesson, downloaded, uploads back"


# --- the handout ---------------------------------------------------------------------------------

def words(language: str):
    return lambda key, **fields: LANGUAGES[language][key].format(**fields)


def number(value: float) -> str:
    return display.number(value, 3)


INTRO_NUMBERS = [board(step.page, list(step.board), step.params) for step in INTRO.steps]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_handout_has_every_question_and_after_the_page_break_every_computed_answer(language):
    strings = LANGUAGES[language]
    for kind, build in (("md", handout.markdown), ("html", handout.html)):
        text = build(INTRO, language, INTRO_NUMBERS, words(language), number)
        cut = text.index('page-break-before: always"></div>') if kind == "md" else text.index('<section class="answers">')
        front, back = text[:cut], text[cut:]
        assert text.count(strings["handout.prediction"]) == len(INTRO.steps) and strings["handout.prediction"] not in back
        for k, (step, values) in enumerate(zip(INTRO.steps, INTRO_NUMBERS), start=1):
            rendered = lessons.render(step, language, values)
            show = (lambda s: s) if kind == "md" else escape
            heading = f"{strings['lesson.step'].format(k=k, n=len(INTRO.steps))} · {strings[f'{step.page}.title']}"
            assert front.count(show(heading)) == 1 and back.count(show(heading)) == 1, heading
            assert show(rendered["ask"]) in front and show(rendered["title"]) in back and show(rendered["title"]) not in front
            for name, value in values.items():  # the board, computed at the step's state
                assert f"{show(strings[f'lesson.board.{step.page}.{name}'])}: " in back
                assert re.search(rf"{re.escape(show(strings[f'lesson.board.{step.page}.{name}']))}: (\*\*|<strong>){re.escape(number(value))}", back)
    assert ".answers { break-before: page; page-break-before: always; }" in handout.html(INTRO, language, INTRO_NUMBERS, words(language), number)


def test_the_html_handout_escapes_what_a_teacher_wrote():
    evil = '<script>alert("x")</script> & <b>'
    step = lessons.screen_step("exploding", "weight_scale=2", {"en": evil, "zh": evil}, say=evil, ask=evil)
    mine = lessons.Lesson("x", {"en": evil, "zh": evil}, (step,))
    page = handout.html(mine, "en", [board("exploding", list(step.board), step.params)], words("en"), number)
    assert "<script>" not in page and "<b>" not in page and page.count("&lt;script&gt;") == 5  # <title>, <h1>, say, ask, the takeaway
    assert escape(LANGUAGES["en"]["handout.default_settings"]) not in page and "weight_scale = 2" in page


def test_a_step_without_a_question_or_numbers_still_prints():
    step = lessons.screen_step("residual", "", {"en": "R", "zh": "R"})
    mine = lessons.Lesson("x", {"en": "X", "zh": "X"}, (step,))
    text = handout.markdown(mine, "en", [None], words("en"), number)
    assert LANGUAGES["en"]["handout.default_question"] in text and LANGUAGES["en"]["handout.no_board"] in text
    assert LANGUAGES["en"]["handout.default_settings"] in text


# --- in the app ----------------------------------------------------------------------------------

def app_on(page: str, **params) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
    app.query_params.update({SKIP_OPTION: "true", **params})
    app.switch_page(PATH_OF[page]).run()
    assert not app.exception, [e.message for e in app.exception]
    return follow_switches(app)


def menu_to(app: AppTest, page: str) -> AppTest:
    """The sidebar's menu: the page's own address, no query (AppTest would keep the last page's)."""
    app.query_params.clear()
    app.query_params[SKIP_OPTION] = "true"
    if page == INDEX_PATH:  # a function page: AppTest.switch_page takes files only; st.Page hashes its url path
        app._page_hash = calc_hash(INDEX_PATH)
    else:
        app.switch_page(page)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return follow_switches(app)


def test_add_this_screen_on_two_pages_then_run_my_lesson_and_download_it():
    app = app_on("vanishing")
    apply_preset(app, "he_he")  # a preset, then "Add this screen"
    app.text_input(key="_lesson_add_title").set_value("He init keeps it flat").run()
    app.button(key="lesson_add").click().run()
    assert app.success[-1].value == LANGUAGES["en"]["lesson.added"].format(k=1)
    menu_to(app, PATH_OF["exploding"])
    release(app, 2.5)  # Exploding's weight scale scrubs in the browser (ui/scrub.py): its value arrives on release
    app.button(key="lesson_add").click().run()
    assert not app.exception, [e.message for e in app.exception]
    mine = app.session_state["_lesson_mine"]
    assert [step.page for step in mine.steps] == ["vanishing", "exploding"]
    assert mine.steps[0].params == {"depth": "30", "width": "256", "activation": "relu", "init": "he_normal"}
    assert mine.steps[1].params == {"weight_scale": "2.5"} and mine.steps[1].text["en"]["title"] == LANGUAGES["en"]["exploding.title"]
    # the Lesson page lists it and runs it; its steps are in no address
    menu_to(app, INDEX_PATH)
    listed = [m.value for m in app.markdown if m.value.startswith("**1.**") or m.value.startswith("**2.**")]
    assert len(listed) == 2 and "He init keeps it flat" in listed[0]
    app.button(key="lesson_start_mine").click().run()
    assert app.title[0].value == LANGUAGES["en"]["vanishing.title"] and shown_title(app) == "He init keeps it flat"
    assert app.session_state["init"] == "he_normal" and "lesson" not in app.query_params and app.query_params["depth"] == "30"
    app.button(key="lesson_next").click().run()
    assert app.title[0].value == LANGUAGES["en"]["exploding.title"] and shown_title(app) == LANGUAGES["en"]["exploding.title"]
    assert app.session_state["weight_scale"] == 2.5 and app.session_state["depth"] == 10 and "lesson" not in app.query_params
    numbers = board("exploding", list(SCREEN_BOARD["exploding"]), {"weight_scale": "2.5"})
    assert numbers["gain"] == pytest.approx(2.5 ** 10, rel=1e-5)
    panel = " ".join(m.value for m in app.markdown)
    assert display.number(numbers["gain"], 3) in panel
    app.button(key="lesson_next").click().run()  # the end: back on the Lesson page
    assert app.title[0].value == LANGUAGES["en"]["lesson.page_title"]
    # its file loads back as the same steps
    text = lessons.dumps(mine)
    back = lessons.loads(text.encode("utf-8"), "my-lesson.toml", "my-lesson")
    assert [same(step) for step in back.steps] == [same(step) for step in mine.steps]
    assert display.number(numbers["gain"], 3) in handout_text(mine, "en", "html")


def lesson_page() -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
    app.query_params[SKIP_OPTION] = "true"
    return menu_to(app.run(), INDEX_PATH)


def test_an_uploaded_lesson_becomes_my_lesson_and_runs_and_a_malformed_one_is_one_line():
    app = lesson_page()
    assert app.markdown and any(LANGUAGES["en"]["lesson.mine_empty"] == m.value for m in app.markdown)
    bad = (HEAD + GOOD_STEP + GOOD_STEP.replace('page = "vanishing"', 'page = "[a link](http://x)"')).encode()
    app.file_uploader(key="lesson_upload").set_value(("class.toml", bad, "application/toml")).run()
    assert not app.exception and "_lesson_mine" not in app.session_state
    assert len(app.error) == 1 and "class.toml, step 2 (line 12): unknown page" in app.error[0].value.replace("\\", ""), app.error[0].value
    assert "](http" not in app.error[0].value, "shown as written, not as a link"
    good = lessons.dumps(INTRO).encode()
    app.file_uploader(key="lesson_upload").set_value(("intro.toml", good, "application/toml")).run()  # the name of a file lesson too
    assert not app.error and app.success[-1].value == LANGUAGES["en"]["lesson.uploaded"].format(title=INTRO.title["en"], count=len(INTRO.steps))
    assert len(app.session_state["_lesson_mine"].steps) == len(INTRO.steps)
    app.button(key="lesson_mine_remove_1").click().run()  # remove step 1, move the new first step down
    app.button(key="lesson_mine_down_1").click().run()
    assert [same(s) for s in app.session_state["_lesson_mine"].steps[:2]] == [same(INTRO.steps[2]), same(INTRO.steps[1])]
    app.button(key="lesson_start_mine").click().run()
    assert app.title[0].value == LANGUAGES["en"]["vanishing.title"] and app.session_state["depth"] == 100
    assert "lesson" not in app.query_params
    app.button(key="lesson_next").click().run()
    assert app.session_state["depth"] == 10 and "lesson" not in app.query_params


def test_leaving_my_lessons_step_by_the_menu_ends_the_run_and_the_default_lesson_keeps_its_address():
    app = lesson_page()
    app.file_uploader(key="lesson_upload").set_value(("c.toml", (HEAD + GOOD_STEP).encode(), "application/toml")).run()
    app.button(key="lesson_start_mine").click().run()
    assert app.get("subheader")[0].value == "T 30"
    for page in ("exploding", "vanishing"):  # the menu to another page and back: the run has ended
        menu_to(app, PATH_OF[page])
        assert app.get("subheader")[0].value != "T 30" and "_lesson_mine_step" not in app.session_state
    app.query_params.update({"lesson": "intro", "step": "2"})
    app.switch_page(PATH_OF["vanishing"]).run()
    follow_switches(app)
    assert app.query_params["lesson"] == "intro" and app.query_params["step"] == "2"


def test_the_lesson_page_and_add_this_screen_in_chinese():
    app = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
    app.query_params.update({SKIP_OPTION: "true", "lang": "zh"})
    app.switch_page(PATH_OF["rnn"]).run()
    app.button(key="lesson_add").click().run()
    assert app.success[-1].value == LANGUAGES["zh"]["lesson.added"].format(k=1)
    step = app.session_state["_lesson_mine"].steps[0]
    assert step.text["zh"]["title"] == LANGUAGES["zh"]["rnn.title"] and step.text["en"]["title"] == LANGUAGES["en"]["rnn.title"]
    menu_to(app, INDEX_PATH)
    assert app.button(key="lesson_start_mine").label == LANGUAGES["zh"]["lesson.start_mine"]
    assert any(LANGUAGES["zh"]["lesson.session_note"] == info.value for info in app.info)


def test_an_exploding_screen_of_another_net_gets_no_identity_numbers():
    """w, depth and gain on Exploding's board are the scaled-identity net's
    (w^depth): a screen showing the Gaussian tanh net gets the matrix lab's
    number only, the identity net's screen all four."""
    identity = lessons.screen_step("exploding", "weight_scale=2.5", {"en": "a", "zh": "a"})
    tanh = lessons.screen_step("exploding", "network=gaussian_tanh&weight_scale=2.5", {"en": "b", "zh": "b"})
    assert identity.board == SCREEN_BOARD["exploding"] and "gain" in identity.board
    assert tanh.board == ("lambda_max",)
