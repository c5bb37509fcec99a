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

My lesson: "Add to lesson" beside a page's title (add_menu(), drawn by
frame.intro) appends the page and its Link's state as a step of a lesson
kept in session state; the Lesson page lists, reorders, removes, runs,
downloads (core.lesson.dumps) and prints it (core.handout), and an uploaded
file replaces it. It is in no address: its step is kept in session state
(_MINE_STEP) and the page's address carries only the page's state.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import string
from dataclasses import replace

import streamlit as st

from core import handout
from core import lesson as lessons
from core.lesson import Lesson, LessonError
from ui import controls, display
from ui.i18n import LANGUAGES, current_language, t
from ui.nav import PAGES

PAGE_PATHS = {page.key: page.path for page in PAGES}
INDEX_PATH = "lesson"  # the Lesson page's url path
INDEX_SCRIPT = "pages/lesson.py"  # runs index()
NEXT, PREVIOUS = "lesson_next", "lesson_prev"  # the buttons' keys: KEYS finds them by class st-key-<key>
_FINISHED = "_lesson_finished"  # the title of the lesson just ended, shown once on the Lesson page
_GO = "_lesson_go"  # the step Next or Previous asked for
_CURRENT = "_lesson_current"
_NOTICE = "_lesson_notice"  # {"text", "section"}: the step's notice and the section whose first chart it sits above  # (lesson name, step) shown on this run: bad_state() names it
_MINE = "_lesson_mine"  # my lesson (core.lesson.Lesson), kept for this session
_MINE_STEP = "_lesson_mine_step"  # the step of my lesson being shown
_MINE_OPENED = "_lesson_mine_opened"  # go() opened that step's page: its link is the step's state
_ADDED = "_lesson_added"  # ("success" or "error", text): what the last "Add this screen" did
_UPLOADED = "_lesson_uploaded"  # ("success" or "error", text): what the last upload did
UPLOAD = "lesson_upload"  # the file uploader's key
MAX_UPLOAD_MB = 1  # the uploader refuses more; core.lesson.MAX_UPLOAD_BYTES refuses over 64 KB with a message
MAX_TITLE_CHARS, MAX_SAY_CHARS = 200, 1000

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


def go(lesson: Lesson, k: int, mine: bool = False) -> None:
    """Open step k: its page, with its state read as that page's link. A
    step of my lesson (`mine`) is kept in session state, not in the address."""
    controls.read_link_next_run()
    if mine:
        st.session_state[_MINE_STEP], st.session_state[_MINE_OPENED] = k, True
        st.switch_page(PAGE_PATHS[lesson.steps[k - 1].page], query_params=lesson.steps[k - 1].params)
    st.session_state.pop(_MINE_STEP, None)
    st.switch_page(PAGE_PATHS[lesson.steps[k - 1].page], query_params=step_query(lesson, k))


def finish(lesson: Lesson) -> None:
    st.session_state.pop(_MINE_STEP, None)
    st.session_state[_FINISHED] = lesson.title[current_language()]
    st.switch_page(index_page())


def mine() -> Lesson | None:
    """My lesson: the screens added from the pages, or the lesson file uploaded."""
    return st.session_state.get(_MINE)


def _my_step(page: str) -> int | None:
    """The step of my lesson shown on `page`; a page entered any other way (the menu, back) ends the run."""
    state = st.session_state
    k, lesson, opened = state.get(_MINE_STEP), mine(), state.pop(_MINE_OPENED, False)
    if k is None:
        return None
    if lesson is None or not 1 <= k <= len(lesson.steps) or lesson.steps[k - 1].page != page or (controls.reading_link(page) and not opened):
        state.pop(_MINE_STEP, None)
        return None
    return k


def index_page() -> st.Page:
    return st.Page(INDEX_SCRIPT, title=t("nav.lesson"), icon=":material/school:", url_path=INDEX_PATH)


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
    """On a lab page: the lesson step the address names, else the step of my
    lesson being run, if any. A step of another page is opened on its own page."""
    st.session_state.pop(_CURRENT, None)
    st.session_state.pop(_NOTICE, None)
    CHARTS.set([0, False])
    requested = _requested()
    own = requested is None  # my lesson's step, if one is being run (it is in no address)
    if own:
        k, lesson = _my_step(page), mine()
        if k is None:
            return
    else:
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
        go(lesson, max(1, target), own)
    step = lesson.steps[k - 1]
    if not own and (step.page != page or (controls.reading_link(page) and step.params and _names_no_control())):
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
        head.caption(f"{t('lesson.step', k=k, n=len(lesson.steps))} · {plain(lesson.title[language])}"
                     + (f" · :material/lock: {t('lesson.session_badge')}" if own else ""), help=t("lesson.session_note") if own else None)
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
        for key in ("say", "ask"):  # a step added from a page may have neither
            if text[key]:
                st.markdown(f"**{t(f'lesson.{key}')}** {text[key]}")
        # Folded: the takeaway and the board's numbers answer the question just asked (predict, then reveal).
        with st.expander(t("lesson.reveal"), icon=":material/lightbulb:", key=f"lesson_reveal_{k}"):  # a key per step: each opens folded
            st.subheader(text["title"], anchor=False)
            if numbers:  # one line: the projected page keeps its chart in view
                items = " · ".join(t("lesson.board_item", label=t(f"lesson.board.{step.page}.{name}"), value=display.number(value, 3))
                                   for name, value in numbers.items())
                st.markdown(f":material/functions: **{t('lesson.board')}** {items}")
    if text["notice"]:
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
    """lessons/intro.toml, step 7 (line 107); My lesson, step 2"""
    line = lesson.steps[k - 1].line
    return f"{lesson.source or t('lesson.mine')}, step {k}" + (f" (line {line})" if line else "")


def index() -> None:
    """The Lesson page: every lesson in lessons/ with Start, its file and its
    handouts; my lesson (the screens added from the pages, or an uploaded
    file) with its steps, Run, Download and handouts; the uploader. A link
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
        st.success(t("lesson.finished", title=plain(finished)), icon=":material/flag:")
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
            start, *files = st.columns([1.2, 1.4, 1.2, 1.4], vertical_alignment="center")
            if start.button(t("lesson.start"), key=f"lesson_start_{name}", icon=":material/play_arrow:", type="primary"):
                go(lesson, 1)
            _downloads(lesson, name, (lessons.LESSONS_DIR / f"{name}.toml").read_bytes(), files, key=name)
    my_lesson()
    controls.finish_page(INDEX_PATH)


def my_lesson() -> None:
    """My lesson on the Lesson page: its steps (up, down, remove), Run, the file, the handouts, the uploader."""
    lesson, language = mine(), current_language()
    with st.container(border=True, key="lesson_mine"):
        named = lesson is not None and lesson.title[language] != t("lesson.mine")  # an uploaded lesson's own title
        st.markdown(f"#### :material/playlist_add: {t('lesson.mine')}" + (f" · {plain(lesson.title[language])}" if named else ""))
        st.caption(t("lesson.mine_intro"))
        st.info(t("lesson.session_note"), icon=":material/lock:")
        if lesson is None:
            st.markdown(t("lesson.mine_empty"))
        else:
            for k, step in enumerate(lesson.steps, start=1):
                row, up, down, remove = st.columns([8, 1, 1, 1], vertical_alignment="center")
                title, page = _template(step.text[language]["title"]), t(f"{step.page}.title")
                row.markdown(t("lesson.mine_step", k=k, page=page) + (f" · {plain(title)}" if title != page else ""))
                row.caption(plain(" · ".join(f"{key} = {value}" for key, value in step.params.items()) or t("lesson.default_settings")))
                up.button("", key=f"lesson_mine_up_{k}", icon=":material/arrow_upward:", help=t("lesson.up"), disabled=k == 1, on_click=_move, args=(k, -1))
                down.button("", key=f"lesson_mine_down_{k}", icon=":material/arrow_downward:", help=t("lesson.down"), disabled=k == len(lesson.steps),
                            on_click=_move, args=(k, 1))
                remove.button("", key=f"lesson_mine_remove_{k}", icon=":material/delete:", help=t("lesson.remove"), on_click=_remove, args=(k,))
            start, *files = st.columns([1.2, 1.4, 1.2, 1.4], vertical_alignment="center")
            if start.button(t("lesson.start_mine"), key="lesson_start_mine", icon=":material/play_arrow:", type="primary"):
                go(lesson, 1, mine=True)
            _downloads(lesson, lesson.name, lessons.dumps(lesson).encode("utf-8"), files, key="mine")  # an upload may share a file's name
            st.button(t("lesson.clear"), key="lesson_mine_clear", icon=":material/delete_sweep:", type="tertiary", on_click=_clear)
        st.file_uploader(t("lesson.upload"), type=["toml"], key=UPLOAD, on_change=_uploaded, max_upload_size=MAX_UPLOAD_MB,
                         help=t("lesson.upload_help", kb=lessons.MAX_UPLOAD_BYTES // 1024))
        outcome = st.session_state.pop(_UPLOADED, None)  # once, on the run the upload started
        if outcome:
            (st.success if outcome[0] == "success" else st.error)(outcome[1], icon=":material/upload_file:")


def _downloads(lesson: Lesson, name: str, toml: bytes, columns, key: str) -> None:
    """The lesson's file <name>.toml and its two handouts (computed when clicked: every step's board)."""
    language = current_language()
    file, markdown, page = columns
    file.download_button(t("lesson.download"), toml, file_name=f"{name}.toml", mime="application/toml", key=f"lesson_download_{key}",
                         icon=":material/download:", on_click="ignore")
    markdown.download_button(t("lesson.handout_md"), lambda: handout_text(lesson, language, "md"), file_name=f"{name}-handout-{language}.md",
                             mime="text/markdown", key=f"lesson_handout_md_{key}", icon=":material/description:", on_click="ignore",
                             help=t("lesson.handout_help"))
    page.download_button(t("lesson.handout_html"), lambda: handout_text(lesson, language, "html"), file_name=f"{name}-handout-{language}.html",
                         mime="text/html", key=f"lesson_handout_html_{key}", icon=":material/print:", on_click="ignore", help=t("lesson.handout_help"))


def handout_text(lesson: Lesson, language: str, kind: str) -> str:
    """The handout (core.handout) in `language`, "md" or "html", with every step's board computed at its state."""
    numbers = []
    for step in lesson.steps:
        try:
            numbers.append(board(step.page, step.board, tuple(step.params.items())))
        except (ValueError, TypeError):  # a value core refuses: the handout says so for that step
            numbers.append(None)
    strings = LANGUAGES[language]
    build = handout.html if kind == "html" else handout.markdown
    return build(lesson, language, numbers, lambda key, **fields: strings[key].format(**fields), lambda value: display.number(value, 3))


def _template(text: str) -> str:
    """A step text without its numbers: each field as "…" (the list does not compute every board)."""
    return "".join(literal + ("…" if field is not None else "") for literal, field, _, _ in string.Formatter().parse(text))


def plain(text: str) -> str:
    """Text someone wrote (an uploaded lesson, a title typed in) shown as written in Markdown: no link,
    heading, colour, icon or formula."""
    text = re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", text)
    return text.replace(":material/", ":material\u2060/").replace("\n", " ")


def _set_mine(lesson: Lesson | None) -> None:
    st.session_state.pop(_MINE_STEP, None)
    if lesson is None or not lesson.steps:
        st.session_state.pop(_MINE, None)
    else:
        st.session_state[_MINE] = lesson


def _move(k: int, by: int) -> None:
    steps = list(mine().steps)
    steps[k - 1], steps[k - 1 + by] = steps[k - 1 + by], steps[k - 1]
    _set_mine(replace(mine(), steps=tuple(steps)))


def _remove(k: int) -> None:
    _set_mine(replace(mine(), steps=mine().steps[: k - 1] + mine().steps[k:]))


def _clear() -> None:
    _set_mine(None)


def accept_upload(file_name: str, data: bytes) -> None:
    """A lesson file uploaded: checked as lessons/ files are (core.lesson); a valid one becomes my
    lesson, a malformed one leaves it as it was and says in one line what is wrong and where."""
    where = re.sub(r"[^\w.-]", "_", file_name)[:60] or "upload"  # shown in messages: letters, digits, _ . - only
    stem = where.rsplit(".", 1)[0].lower()
    try:
        lesson = lessons.loads(data, where, stem if lessons.NAME.fullmatch(stem) else "my-lesson", limit=lessons.MAX_UPLOAD_BYTES)
    except LessonError as error:
        st.session_state[_UPLOADED] = ("error", plain(str(error)))
        return
    _set_mine(lesson)
    st.session_state[_UPLOADED] = ("success", t("lesson.uploaded", title=plain(lesson.title[current_language()]), count=len(lesson.steps)))


def _uploaded() -> None:
    """on_change of the uploader (None when its file is removed)."""
    file = st.session_state.get(UPLOAD)
    if file is not None:
        accept_upload(file.name, file.getvalue())


# --- "Add this screen", beside every lab page's title -----------------------------------------------

@st.fragment
def add_menu(page: str) -> None:
    """A fragment: typing in the menu reruns only the menu."""
    with st.popover(t("lesson.add"), icon=":material/playlist_add:", key="_lesson_add_open", on_change="rerun"):
        st.caption(t("lesson.add_help"))
        st.text_input(t("lesson.add_title"), key="_lesson_add_title", max_chars=MAX_TITLE_CHARS, placeholder=t("lesson.add_title_placeholder", page=t(f"{page}.title")))
        st.text_area(t("lesson.add_say"), key="_lesson_add_say", max_chars=MAX_SAY_CHARS, height=80)
        st.text_input(t("lesson.add_ask"), key="_lesson_add_ask", max_chars=MAX_TITLE_CHARS)
        st.button(t("lesson.add_button"), key="lesson_add", icon=":material/add:", type="primary", width="stretch", on_click=add_screen, args=(page,))
        added = st.session_state.pop(_ADDED, None)  # shown once, on the run the click started
        if added:
            (st.success if added[0] == "success" else st.error)(added[1], icon=":material/playlist_add_check:")
        if mine() is not None:
            st.caption(f"{t('lesson.mine')} · {t('lesson.steps', count=len(mine().steps))}")
            st.page_link(index_page(), label=t("lesson.open_index"), icon=":material/school:")


def add_screen(page: str) -> None:
    """on_click of "Add this screen": `page` at its Link's state as the next step of my lesson."""
    state = st.session_state
    title, say, ask = (state.get(f"_lesson_add_{key}", "").strip() for key in ("title", "say", "ask"))
    lesson = mine() or Lesson("my-lesson", {language: strings["lesson.mine"] for language, strings in LANGUAGES.items()}, ())
    if len(lesson.steps) >= lessons.MAX_STEPS:
        state[_ADDED] = ("error", t("lesson.full", count=lessons.MAX_STEPS))
        return
    titles = {language: title or strings[f"{page}.title"] for language, strings in LANGUAGES.items()}
    try:
        step = lessons.screen_step(page, controls.page_state(), titles, say, ask)
    except LessonError as error:
        state[_ADDED] = ("error", plain(str(error)))
        return
    state[_MINE] = replace(lesson, steps=lesson.steps + (step,))  # a run of my lesson goes on
    state[_ADDED] = ("success", t("lesson.added", k=len(lesson.steps) + 1))
    for key in ("title", "say", "ask"):
        state[f"_lesson_add_{key}"] = ""


def start_button(name: str = "intro") -> None:
    """Home's "Start the lesson"."""
    lesson = load(name)
    if isinstance(lesson, str):
        return
    if st.button(t("lesson.start"), key="lesson_start_home", icon=":material/school:", type="primary"):
        go(lesson, 1)
