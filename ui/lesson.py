"""Lesson mode: a class run step by step from lessons/<name>.toml (core/lesson.py).

The step is in the address beside the page's own state
(/vanishing?lesson=intro&step=3&depth=100), so a lecturer can jump back and
students can follow. On a page in lesson mode, panel() draws the step under
the page's title: "Step 3 of 18", a progress bar, the takeaway, what to say,
ask and notice, the board's numbers (core.claims.lesson, computed at the
step's state) and Previous / Next. Next and Previous open the step's page
with the step's state as its link: ui/controls.py reads it exactly as it
reads a shared link, so every control not named takes its default and a
value the page does not accept is named in one line (bad_state()).
The keys → / PageDown and ← / PageUp press Next and Previous (KEYS).
"""

from __future__ import annotations

import contextlib
import contextvars
import os

import streamlit as st

from core import lesson as lessons
from core.lesson import Lesson, LessonError
from ui import controls, display
from ui.i18n import current_language, t
from ui.nav import PAGES

PAGE_PATHS = {page.key: page.path for page in PAGES}
INDEX_PATH = "lesson"  # the Lesson page's url path
NEXT, PREVIOUS = "lesson_next", "lesson_prev"  # the buttons' keys: KEYS finds them by class st-key-<key>
_FINISHED = "_lesson_finished"  # the title of the lesson just ended, shown once on the Lesson page
_GO = "_lesson_go"  # the step Next or Previous asked for
_CURRENT = "_lesson_current"
_NOTICE = "_lesson_notice"  # {"text", "section"}: the step's notice and the section whose first chart it sits above  # (lesson name, step) shown on this run: bad_state() names it

# Presses Next / Previous for the keys a presenter's clicker sends. Installed
# once per browser tab; our own constant code, no input from anyone. A key
# pressed while focus is in a text box, a slider or a menu stays that widget's.
KEYS = """<script>
(() => {
    if (window.__labLessonKeys) return;
    window.__labLessonKeys = true;
    const buttons = {ArrowRight: 'lesson_next', PageDown: 'lesson_next', ArrowLeft: 'lesson_prev', PageUp: 'lesson_prev'};
    const owned = 'input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="slider"], [role="combobox"], [role="listbox"], [role="option"], [role="radiogroup"], [role="tablist"], [role="spinbutton"]';
    document.addEventListener('keydown', (event) => {
        const key = buttons[event.key];
        if (!key || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.isComposing) return;
        if (event.target && event.target.closest && event.target.closest(owned)) return;
        const button = document.querySelector('.st-key-' + key + ' button');
        if (!button || button.disabled) return;
        event.preventDefault();
        button.click();
    });
})();
</script>"""


def install_keys() -> None:
    """Call once per full run (dashboard.py): the script sits in the sidebar."""
    st.sidebar.html(KEYS, unsafe_allow_javascript=True)


@st.cache_data(max_entries=16, show_spinner=False)
def _load(name: str, modified: float) -> Lesson | str:
    """The lesson, or the one-line message of what is wrong with its file (cached until the file changes)."""
    try:
        return lessons.load(name)
    except LessonError as error:
        return str(error)


def load(name: str) -> Lesson | str:
    path = lessons.LESSONS_DIR / f"{name}.toml"
    try:
        modified = os.stat(path).st_mtime if lessons.NAME.fullmatch(name) else 0.0
    except OSError:
        modified = 0.0
    return _load(name, modified)


@st.cache_data(max_entries=256, show_spinner=False)
def board(page: str, names: tuple[str, ...], state: tuple[tuple[str, str], ...]) -> dict[str, float]:
    from core.claims.lesson import board as compute

    return compute(page, list(names), dict(state))


def step_query(lesson: Lesson, k: int) -> dict[str, str]:
    """The address of step k (1-based): its page's state, then the lesson and the step."""
    return {**lesson.steps[k - 1].params, "lesson": lesson.name, "step": str(k)}


def go(lesson: Lesson, k: int) -> None:
    """Open step k: its page, with its state read as that page's link."""
    controls.read_link_next_run()
    st.switch_page(PAGE_PATHS[lesson.steps[k - 1].page], query_params=step_query(lesson, k))


def finish(lesson: Lesson) -> None:
    st.session_state[_FINISHED] = lesson.title[current_language()]
    st.switch_page(index_page())


def index_page() -> st.Page:
    return st.Page(index, title=t("nav.lesson"), icon=":material/school:", url_path=INDEX_PATH)


def _requested() -> tuple[str, str] | None:
    query = st.query_params
    if "lesson" not in query:
        return None
    return query.get("lesson", ""), query.get("step", "1")


def _names_no_control() -> bool:
    """The address holds only the lesson, the step and app-wide options."""
    return set(st.query_params) <= set(controls.LESSON_KEYS + controls.APP_OPTIONS)


def _step_number(text: str) -> int | None:
    return int(text) if controls.INT_TEXT.fullmatch(text or "") and len(text) <= 4 else None


def panel(page: str) -> None:
    """On a lab page: the lesson step the address names, if any. A step of
    another page is opened on its own page."""
    st.session_state.pop(_CURRENT, None)
    st.session_state.pop(_NOTICE, None)
    CHARTS.set([0, False])
    requested = _requested()
    if requested is None:
        return
    name, step_text = requested
    lesson = load(name)
    if isinstance(lesson, str):
        st.error(lesson, icon=":material/school:")
        return
    k = _step_number(step_text)
    if k is None or not 1 <= k <= len(lesson.steps):
        st.error(t("lesson.no_step", title=lesson.title[current_language()], step=controls.literal(step_text)), icon=":material/school:")
        return
    target = st.session_state.pop(_GO, None)
    if target is not None:  # Next or Previous was pressed
        if target > len(lesson.steps):
            finish(lesson)
        go(lesson, max(1, target))
    step = lesson.steps[k - 1]
    if step.page != page or (controls.reading_link(page) and step.params and _names_no_control()):
        go(lesson, k)  # a short link (?lesson=intro&step=7) opens the step with its state
    st.session_state[_CURRENT] = (lesson, k)
    language = current_language()
    problem = ""
    try:
        with st.spinner(t("frame.computing")):
            numbers = board(step.page, step.board, tuple(step.params.items()))
    except (ValueError, TypeError) as error:  # a value core refuses (out of range, not a number): named, not raised
        numbers, problem = None, str(error)
    with st.container(border=True, key="lesson_panel"):
        head, buttons = st.columns([3, 2], vertical_alignment="center")
        head.caption(f"{t('lesson.step', k=k, n=len(lesson.steps))} · {lesson.title[language]}")
        head.progress(k / len(lesson.steps))
        back, forward = buttons.columns(2)
        # on_click, not the button's return value: a popover of the page that reruns on its own
        # change (on_change="rerun") would otherwise drop the click
        back.button(t("lesson.previous"), key=PREVIOUS, icon=":material/arrow_back:", disabled=k == 1, width="stretch", help=t("lesson.keys"),
                    on_click=_request, args=(k - 1,))
        last = k == len(lesson.steps)
        forward.button(t("lesson.end") if last else t("lesson.next"), key=NEXT, icon=":material/flag:" if last else ":material/arrow_forward:",
                       type="primary", width="stretch", help=t("lesson.keys"), on_click=_request, args=(k + 1,))
        if numbers is None:
            st.error(t("lesson.bad_board", where=_where(lesson, k), problem=controls.literal(problem)), icon=":material/school:")
            return
        text = lessons.render(step, language, numbers)
        st.markdown(f"**{t('lesson.say')}** {text['say']}")
        st.markdown(f"**{t('lesson.ask')}** {text['ask']}")
        # Folded: the takeaway and the board's numbers answer the question just asked (predict, then reveal).
        with st.expander(t("lesson.reveal"), icon=":material/lightbulb:", key=f"lesson_reveal_{k}"):  # a key per step: each opens folded
            st.subheader(text["title"], anchor=False)
            if numbers:  # one line: the projected page keeps its chart in view
                items = " · ".join(t("lesson.board_item", label=t(f"lesson.board.{step.page}.{name}"), value=display.number(value, 3))
                                   for name, value in numbers.items())
                st.markdown(f":material/functions: **{t('lesson.board')}** {items}")
    st.session_state[_NOTICE] = {"text": text["notice"], "section": step.section or None}


# The notice sits directly above the first chart of its section: a fresh tally of the
# charts drawn in each run of a section (frame.fragment) and of the page's top
# level (panel(), on every whole run): [charts drawn, a prediction is pending].
CHARTS: contextvars.ContextVar[list] = contextvars.ContextVar("lesson_charts", default=[0, False])


def hold_notice() -> None:
    """A prediction waits for the room's answer in this section (ui/predict.ask): the charts drawn
    meanwhile do not answer it, so the notice waits with the chart that does."""
    CHARTS.get()[1] = True


@contextlib.contextmanager
def at_chart(section: str):
    """Around a chart (frame.chart): in lesson mode, the step's "notice"
    (what to look for) directly above the first chart of the step's section
    (by default the first section that draws one). Not beside it: a chart
    narrowed to two thirds cut its legend (presentation mode at 1280 px)."""
    notice = st.session_state.get(_NOTICE) if active() else None
    if notice is None:
        yield
        return
    tally = CHARTS.get()
    tally[0] += 1
    if tally[0] == 1 and notice["section"] is None:
        # The page's first section to draw a chart, remembered for its later runs, also while its
        # prediction holds the notice back: a later section's chart drawn before its own question
        # (Vanishing's symmetry section) must not take the notice meant for the first section.
        notice["section"] = section
    first = tally[0] == 1 and not tally[1]
    if not first or notice["section"] != section:
        yield
        return
    with st.container(border=True, key="lesson_notice"):
        st.markdown(f":material/visibility: **{t('lesson.notice')}** {notice['text']}")
    yield


def active() -> bool:
    """A lesson step is shown on this run."""
    return _CURRENT in st.session_state


def _request(k: int) -> None:
    """on_click of Next / Previous: the step to open, read by panel() on the run the click starts."""
    st.session_state[_GO] = k


def bad_state(report: str) -> None:
    """After the page's controls read the step's state: what they did not
    accept, as one line naming the lesson file, the step and its line."""
    current = st.session_state.get(_CURRENT)
    if current is None:
        return
    lesson, k = current
    st.error(t("lesson.bad_state", where=_where(lesson, k), page=lesson.steps[k - 1].page, report=report), icon=":material/school:")


def _where(lesson: Lesson, k: int) -> str:
    """lessons/intro.toml, step 7 (line 107)"""
    line = lesson.steps[k - 1].line
    return f"lessons/{lesson.name}.toml, step {k}" + (f" (line {line})" if line else "")


def index() -> None:
    """The Lesson page: every lesson in lessons/ with a Start button; a link
    /lesson?lesson=intro&step=7 opens that step on its page."""
    controls.enter_page(INDEX_PATH)
    requested = _requested()
    if requested is not None:
        lesson, k = load(requested[0]), _step_number(requested[1])
        if not isinstance(lesson, str) and k is not None and 1 <= k <= len(lesson.steps):
            go(lesson, k)
    st.title(t("lesson.page_title"))
    finished = st.session_state.pop(_FINISHED, None)
    if finished:
        st.success(t("lesson.finished", title=finished), icon=":material/flag:")
    st.markdown(t("lesson.page_intro"))
    language = current_language()
    for name in lessons.names():
        lesson = load(name)
        with st.container(border=True):
            if isinstance(lesson, str):
                st.error(lesson, icon=":material/school:")
                continue
            st.markdown(f"#### {lesson.title[language]}")
            st.caption(f"lessons/{name}.toml · {t('lesson.steps', count=len(lesson.steps))}")
            if st.button(t("lesson.start"), key=f"lesson_start_{name}", icon=":material/play_arrow:", type="primary"):
                go(lesson, 1)
    controls.finish_page(INDEX_PATH)


def start_button(name: str = "intro") -> None:
    """Home's "Start the lesson"."""
    lesson = load(name)
    if isinstance(lesson, str):
        return
    if st.button(t("lesson.start"), key="lesson_start_home", icon=":material/school:", type="primary"):
        go(lesson, 1)
