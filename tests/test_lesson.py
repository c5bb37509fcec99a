"""Lessons (core/lesson.py, core/claims/lesson.py, ui/lesson.py).

The shipped lesson loads; a malformed file gives one line naming the file
and the line or step; every step's state is one its page's link reader
takes as written; every board number is computed; every relation a step's
text states holds at that step's state; and in the app, Next and Previous
open the step's page with the step's state.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import lesson as lessons
from core.claims import lesson as board_numbers
from core.claims.lesson import _probe, remedies_spec, vanishing_spec
from core.claims.residual import FLAT_BAND
from core.lesson import LessonError
from tests.test_links import PATH_OF, equal, ignored, link_text, open_link
from tests.test_pages import ENTRY, TIMEOUT
from ui.i18n import LANGUAGES
from ui.predict import SKIP_OPTION

INTRO = lessons.load("intro")
STEPS = list(enumerate(INTRO.steps, start=1))


def numbers(k: int) -> dict[str, float]:
    step = INTRO.steps[k - 1]
    return board_numbers.board(step.page, list(BOARD_OF[step.page]), step.params)


BOARD_OF = {page: tuple(names) for page, names in board_numbers.BOARD.items()}


# --- the shipped lesson -------------------------------------------------------------------------

def test_the_default_lesson_is_a_class_over_all_five_pages():
    assert 15 <= len(INTRO.steps) <= 25
    assert [step.page for step in INTRO.steps][0] == "vanishing"
    assert {step.page for step in INTRO.steps} == set(PATH_OF)
    assert set(INTRO.title) == set(LANGUAGES)
    assert lessons.names() == sorted(lessons.names()) and "intro" in lessons.names()


@pytest.mark.parametrize("k, step", STEPS, ids=[f"step{k}" for k, _ in STEPS])
def test_every_board_number_is_computed_and_every_text_formats(k, step):
    values = board_numbers.board(step.page, list(step.board), step.params)
    assert set(values) == set(step.board)
    assert all(math.isfinite(value) for value in values.values()), values
    for language in LANGUAGES:
        text = lessons.render(step, language, values)
        assert all(text[key].strip() for key in lessons.TEXTS)
        assert "{" not in text["title"] and "\n" not in text["title"]


@pytest.mark.parametrize("k, step", STEPS, ids=[f"step{k}" for k, _ in STEPS])
def test_every_step_state_is_taken_by_its_page_as_written(k, step):
    """The page's own link reader (ui/controls.py) reads the state: nothing ignored, every value as written."""
    app = open_link(PATH_OF[step.page], step.params)
    assert not app.exception, [e.message for e in app.exception]
    assert not ignored(app), ignored(app)
    for key, value in step.params.items():
        got = app.session_state[key]
        assert equal(str(got).lower() if isinstance(got, bool) else link_text(got), value), (k, key, got, value)


# --- what each step's text states, computed at its state ------------------------------------------

def _vanishing_grads(k: int) -> np.ndarray:
    return _probe(vanishing_spec(INTRO.steps[k - 1].params))["grad_norm"].to_numpy()


def test_step_1_the_first_layer_gets_far_less_than_a_thousandth_at_a_steady_factor():
    n, grads = numbers(1), _vanishing_grads(1)
    assert n["depth"] == 20 and n["ratio"] < 1e-3 * 1e-6
    per_layer = grads[:-1] / grads[1:]
    assert per_layer.max() / per_layer.min() < 1.5, "the same factor, layer after layer (a straight line on the log scale)"


def test_step_2_the_factor_is_under_the_sigmoid_ceiling_and_the_ratio_below_its_power():
    n = numbers(2)
    assert n["peak"] == pytest.approx(0.25, abs=1e-6)
    assert n["factor"] < n["peak"] and n["factor"] > 0.8 * n["peak"], "just under the ceiling"
    assert n["ratio"] < n["peak_power"]
    assert n["ratio"] > numbers(1)["ratio"], "fewer layers, fewer factors"


def test_step_3_the_ceiling_power_is_below_float32_and_the_first_layers_are_exactly_zero():
    n, probe = numbers(3), _probe(vanishing_spec(INTRO.steps[2].params))
    assert n["peak_power"] < n["float32_tiny"] == pytest.approx(1.4e-45, rel=0.01)
    zero = probe["grad_norm"].to_numpy() == 0
    count = int(n["zero_layers"])
    assert count > 0 and zero[:count].all() and not zero[count:].any(), "the zero layers are the ones near the input"
    assert (probe["zero_cause"].iloc[:count] == "underflow").all()


def test_step_4_tanh_keeps_far_more_than_sigmoid_with_a_factor_close_to_one():
    n = numbers(4)
    assert n["peak"] == pytest.approx(1.0, abs=1e-6)
    assert n["factor"] > 0.9 and n["ratio"] > 1e6 * numbers(1)["ratio"]


def test_step_5_relu_with_xavier_follows_the_half_per_layer_law_within_two_and_still_vanishes():
    n = numbers(5)
    assert n["half_power"] == pytest.approx(0.5 ** 14.5)
    assert 0.5 < n["ratio"] / n["half_power"] < 2
    assert n["ratio"] < 1 / FLAT_BAND
    relu_factor = n["ratio"] ** (1 / (n["depth"] - 1))
    assert relu_factor > numbers(2)["factor"], "slower than the sigmoid"


def test_step_6_he_init_is_flat_every_layer_within_the_band():
    n, grads = numbers(6), _vanishing_grads(6)
    assert 1 / FLAT_BAND < n["ratio"] < FLAT_BAND
    assert ((grads / grads[-1]) > 1 / FLAT_BAND).all() and ((grads / grads[-1]) < FLAT_BAND).all()


@pytest.mark.parametrize("k, grows", [(7, True), (8, False)])
def test_steps_7_8_the_identity_net_multiplies_by_w_to_the_depth(k, grows):
    n = numbers(k)
    assert n["gain"] == pytest.approx(n["weight_power"], rel=1e-5)
    assert (n["gain"] > 1) == grows
    assert n["depth"] == 10


def test_step_9_a_repeated_matrix_grows_by_its_eigenvalue_bounded_by_its_singular_value():
    n = numbers(9)
    assert n["growth"] == pytest.approx(n["lambda_max"], rel=1e-4)
    assert n["lambda_max"] < n["sigma_max"]


def test_step_10_the_rnn_loses_its_decades_at_its_factor_per_step():
    n = numbers(10)
    assert n["far"] == pytest.approx(n["factor"] ** n["steps"], rel=1e-9)
    assert n["decades"] == pytest.approx(-math.log10(n["far"]))
    assert n["steps"] == 99 and n["factor"] < 1


def test_step_11_the_measured_gradient_is_below_pascanus_bound():
    n = numbers(11)
    assert n["far"] < n["bound"]
    assert n["bound"] == pytest.approx(0.9 ** 99)


def test_step_12_identity_recurrent_weights_save_many_orders_of_magnitude():
    n = numbers(12)
    assert n["far"] > 1e10 * n["default_far"]


def test_step_13_skips_carry_the_sigmoid_gradient_the_plain_net_underflows():
    n = numbers(13)
    assert n["plain"] == 0 and 1 / n["band"] < n["residual"] < n["band"]


def test_step_14_unscaled_relu_skips_grow_toward_the_input_beyond_the_band():
    n = numbers(14)
    assert n["residual"] > n["band"] and n["law_residual"] > n["band"]


def test_step_15_branches_scaled_by_about_one_over_root_depth_are_flat_again():
    n = numbers(15)
    assert n["alpha"] == pytest.approx(1 / math.sqrt(50), abs=0.005)
    assert 1 / n["band"] < n["residual"] < n["band"] and 1 / n["band"] < n["law_residual"] < n["band"]


def test_steps_16_to_18_the_remedies():
    broken, fixed, everything = numbers(16), numbers(17), numbers(18)
    grads = _probe(remedies_spec(INTRO.steps[15].params))["grad_norm"].to_numpy()
    assert broken["ratio"] < 1e-10 and (np.diff(grads) > 0).all(), "falls from the last layer to the first all the way"
    assert fixed["broken_ratio"] == broken["ratio"] and fixed["ratio"] > 1e10 * broken["ratio"]
    assert 1 / everything["band"] < everything["ratio"] < everything["band"]


# --- malformed files: one clear line ---------------------------------------------------------------

GOOD_STEP = """
[[step]]
page = "vanishing"
state = "depth=30"
board = ["depth"]
en = { title = "T {depth:.0f}", say = "S", ask = "A", notice = "N" }
zh = { title = "T {depth:.0f}", say = "S", ask = "A", notice = "N" }
"""
HEAD = '[lesson]\nen = { title = "x" }\nzh = { title = "x" }\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(LessonError) as caught:
        lessons.load_file(write(tmp_path, text))
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith(f"{tmp_path.name}/mine.toml"), message
    return message


def test_a_teacher_edited_lesson_loads(tmp_path):
    lesson = lessons.load_file(write(tmp_path, HEAD + GOOD_STEP + GOOD_STEP.replace("depth=30", "depth=40")))
    assert [step.params for step in lesson.steps] == [{"depth": "30"}, {"depth": "40"}]
    assert lesson.steps[1].line == 12


def test_a_toml_syntax_error_names_the_line(tmp_path):
    assert "line 6" in error_of(tmp_path, HEAD + GOOD_STEP.replace('page = "vanishing"', 'page = "vanishing'))


@pytest.mark.parametrize("change, expected", [
    (('page = "vanishing"', 'page = "vanish"'), "unknown page 'vanish'"),
    (('state = "depth=30"', 'state = "depth"'), "is not a query string"),
    (('state = "depth=30"', 'state = "depth=30&depth=40"'), "names a control twice"),
    (('board = ["depth"]', 'board = ["depht"]'), "unknown board number 'depht'"),
    (('zh = { title = "T {depth:.0f}", say = "S", ask = "A", notice = "N" }\n', ''), "no [step.zh] text"),
    (('title = "T {depth:.0f}", say', 'say'), "has no title"),
    (('say = "S", ask', 'say = 3, ask'), "say must be text"),
    (('title = "T {depth:.0f}", say', 'title = "T {ratio}", say'), "{ratio} is not on the step's board"),
    (('title = "T {depth:.0f}", say', 'title = "T {depth:.0q}", say'), "is not a number format"),
    (('title = "T {depth:.0f}", say', 'title = "T {", say'), "a brace that is not a field"),
])
def test_a_malformed_step_names_the_step_and_its_line(tmp_path, change, expected):
    text = HEAD + GOOD_STEP + GOOD_STEP.replace(*change)
    message = error_of(tmp_path, text)
    assert "step 2 (line 12)" in message and expected in message, message


def test_a_lesson_without_steps_or_a_title_is_refused(tmp_path):
    assert "no steps" in error_of(tmp_path, HEAD)
    assert "no zh.title" in error_of(tmp_path, '[lesson]\nen = { title = "x" }\n' + GOOD_STEP)


def test_a_lesson_name_is_checked_before_any_file_is_opened():
    with pytest.raises(LessonError, match="No lesson named"):
        lessons.load("../etc/passwd")


# --- in the app ----------------------------------------------------------------------------------

def lesson_app(step: int | None = None, **params) -> AppTest:
    """dashboard.py; with `step`, opened at that step of the intro lesson on its page."""
    app = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
    app.query_params[SKIP_OPTION] = "true"
    app.query_params.update(params)
    if step is None:
        return app.run()
    app.query_params.update(INTRO.steps[step - 1].params | {"lesson": "intro", "step": str(step)})
    app.switch_page(PATH_OF[INTRO.steps[step - 1].page])
    return follow_switches(app.run())


def follow_switches(app: AppTest) -> AppTest:
    """AppTest keeps requesting the page of its last switch_page() on every run; the app's own
    st.switch_page (Next, Previous, End) must decide the next page, as it does in a browser."""
    app._page_hash = ""
    return app


def shown_title(app: AppTest) -> str:
    return app.get("subheader")[0].value


def expected_title(k: int, language: str = "en") -> str:
    step = INTRO.steps[k - 1]
    return lessons.render(step, language, board_numbers.board(step.page, list(step.board), step.params))["title"]


def test_next_opens_the_next_step_on_its_page_with_its_state_and_previous_comes_back():
    app = lesson_app(6)
    assert shown_title(app) == expected_title(6)
    app.session_state["depth"]  # noqa: B018 - the vanishing page drew its controls
    app.button(key="lesson_next").click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.title[0].value == LANGUAGES["en"]["exploding.title"]
    assert shown_title(app) == expected_title(7)
    assert app.session_state["weight_scale"] == 5.0 and app.session_state["depth"] == 10 and app.session_state["network"] == "identity"
    assert app.query_params["lesson"] == "intro" and app.query_params["step"] == "7"
    app.button(key="lesson_prev").click().run()
    assert app.title[0].value == LANGUAGES["en"]["vanishing.title"] and shown_title(app) == expected_title(6)
    assert app.session_state["depth"] == 30 and app.session_state["init"] == "he_normal"


def test_a_step_on_the_same_page_resets_what_it_does_not_name():
    """Step 2 names only depth: a width the lecturer moved on step 1 goes back to its default."""
    app = lesson_app(1)
    app.select_slider(key="width").set_value(512).run()
    app.button(key="lesson_next").click().run()
    assert shown_title(app) == expected_title(2)
    assert app.session_state["depth"] == 10 and app.session_state["width"] == 64


def test_home_starts_the_lesson_and_the_last_step_ends_it_on_the_lesson_page_which_starts_it_again():
    app = lesson_app()
    app.button(key="lesson_start_home").click().run()
    assert shown_title(app) == expected_title(1) and app.query_params["step"] == "1"
    last = lesson_app(len(INTRO.steps))
    assert last.button(key="lesson_next").label == LANGUAGES["en"]["lesson.end"]
    last.button(key="lesson_next").click().run()
    assert last.title[0].value == LANGUAGES["en"]["lesson.page_title"]
    assert last.success[0].value == LANGUAGES["en"]["lesson.finished"].format(title=INTRO.title["en"])
    assert "lesson" not in last.query_params
    last.button(key="lesson_start_intro").click().run()
    assert shown_title(last) == expected_title(1)


def test_a_short_link_to_the_lesson_page_opens_its_step():
    """/lesson?lesson=intro&step=9: the step on its own page, with its state."""
    app = lesson_app(len(INTRO.steps))
    app.button(key="lesson_next").click().run()  # now on the Lesson page
    app.query_params.clear()
    app.query_params.update({"lesson": "intro", "step": "9", SKIP_OPTION: "true"})
    app.run()
    assert app.title[0].value == LANGUAGES["en"]["exploding.title"] and shown_title(app) == expected_title(9)
    assert app.session_state["w11"] == 2.0 and app.session_state["w22"] == 5.0


def test_the_step_shows_in_chinese():
    app = lesson_app(9, lang="zh")
    assert shown_title(app) == expected_title(9, "zh")
    assert app.button(key="lesson_next").label == LANGUAGES["zh"]["lesson.next"]


def test_a_step_that_does_not_exist_is_one_line_not_a_traceback():
    app = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
    app.query_params.update({"lesson": "intro", "step": "99", SKIP_OPTION: "true"})
    app.switch_page(PATH_OF["vanishing"]).run()
    assert not app.exception
    assert any("no step" in error.value for error in app.error)
    app = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
    app.query_params.update({"lesson": "nope", "step": "1", SKIP_OPTION: "true"})
    app.switch_page(PATH_OF["vanishing"]).run()
    assert not app.exception and any("nope.toml" in error.value for error in app.error)


def test_a_state_the_page_does_not_take_names_the_lesson_file_and_step(tmp_path, monkeypatch):
    """A step whose depth is beyond the slider: the page reads it as any link (default, one line), and the
    lesson panel names the file, the step and its line."""
    bad = lessons.LESSONS_DIR / "zz_test_bad_state.toml"
    bad.write_text(HEAD + GOOD_STEP.replace("depth=30", "depth=300"), encoding="utf-8")
    try:
        app = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
        app.query_params.update({"lesson": "zz_test_bad_state", "step": "1", "depth": "300", SKIP_OPTION: "true"})
        app.switch_page(PATH_OF["vanishing"]).run()
        assert not app.exception
        assert app.session_state["depth"] == 20
        assert any("lessons/zz_test_bad_state.toml, step 1 (line 5)" in error.value and "depth" in error.value for error in app.error), [e.value for e in app.error]
    finally:
        bad.unlink()


def test_every_board_number_has_a_label_in_every_language():
    for language, strings in LANGUAGES.items():
        missing = [f"{page}.{name}" for page, names in board_numbers.BOARD.items() for name in names if f"lesson.board.{page}.{name}" not in strings]
        assert not missing, (language, missing)


def walk(node):
    """An AppTest element tree, depth first in page order."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def notice_of(k: int, language: str = "en") -> str:
    step = INTRO.steps[k - 1]
    return lessons.render(step, language, board_numbers.board(step.page, list(step.board), step.params))["notice"]


def test_a_short_link_on_a_page_opens_the_step_with_its_state():
    """/vanishing?lesson=intro&step=3 without the state: the step's state is applied (depth 100), as Next would."""
    app = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
    app.query_params.update({"lesson": "intro", "step": "3", SKIP_OPTION: "true"})
    app.switch_page(PATH_OF["vanishing"])
    follow_switches(app.run())
    assert app.session_state["depth"] == 100 and app.query_params["depth"] == "100"
    assert shown_title(app) == expected_title(3)


def test_the_notice_sits_above_its_sections_first_chart_and_waits_for_a_pending_prediction():
    app = lesson_app(9)  # the matrix section, the page's second
    order = [text for node in walk(app.main) if isinstance(text := getattr(node, "value", None), str)]  # the page's text, in order
    notice = next(i for i, text in enumerate(order) if notice_of(9) in str(text))
    matrix = order.index(LANGUAGES["en"]["exploding.matrix_header"])
    assert matrix < notice and sum(notice_of(9) in str(text) for text in order) == 1, "once, in the matrix section"
    asking = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)  # predictions on: the chart waits for the room's answer, and so does the notice
    asking.query_params.update(INTRO.steps[0].params | {"lesson": "intro", "step": "1"})
    asking.switch_page(PATH_OF["vanishing"]).run()
    assert shown_title(asking) == expected_title(1)
    assert not any(notice_of(1) in element.value for element in asking.markdown)


def test_the_readme_says_how_many_steps():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    words = {18: "eighteen"}
    assert f"{words[len(INTRO.steps)]} steps over all five pages" in readme
