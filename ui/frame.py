"""The frame every page shares: intro, presets, "what to notice", math,
reading, and the page's link (ui/controls.py keeps every control's value in
session state and in the URL)."""

from __future__ import annotations

import functools
import hashlib
import textwrap
from typing import Callable, TypeVar

import pandas as pd
import streamlit as st
from streamlit import dataframe_util

from ui import charts, controls, lesson, prefetch
from ui.controls import APP, choice, control  # noqa: F401 - pages call frame.control and frame.choice
from ui.predict import SKIP_OPTION
from ui.presets import PRESETS, Preset
from ui.i18n import LANGUAGE_NAMES, t

T = TypeVar("T")


PRESENTATION_FONT_SCALE = 1.3
# Everywhere: text wraps where Streamlit would cut it with "…" (metric labels,
# values and deltas, widget labels, button labels: .stMarkdownEllipsis), and
# the Presets / Add to lesson / Link popover buttons (each in its fragment) keep room for their label on one line.
# A metric's value is not wrapped inside a number: wrapping anywhere split "0.00991" into
# "0.0099" and "1", and "1.44555e+07" into "1.44555e" and "+07", two numbers each, in the
# 117-161 px columns of a 1280 px window with the sidebar open. FIT_METRICS shrinks a value
# that does not fit (to METRIC_FIT_FLOOR of its size at most); only a value with a space
# ("0 (underflow)") may then wrap, at the space.
NO_CLIPPING_CSS = """<style>
[data-testid="stApp"] .stMarkdownEllipsis, [data-testid="stApp"] .stMarkdownEllipsis * { white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere; }
[data-testid="stColumn"]:has(> [data-testid="stVerticalBlock"] > * > [data-testid="stPopover"]),
[data-testid="stColumn"]:has(> [data-testid="stVerticalBlock"] > * > [data-testid="stVerticalBlock"] > * > [data-testid="stPopover"]) { min-width: max-content; }
[data-testid="stPopoverButton"] .stMarkdownEllipsis, [data-testid="stPopoverButton"] .stMarkdownEllipsis * { white-space: nowrap; }
[data-testid="stMain"] [data-testid="stMetricValue"], [data-testid="stMain"] [data-testid="stMetricValue"] * { white-space: nowrap; overflow-wrap: normal; font-size: calc(2.25rem * var(--metric-fit, 1)); }
[data-testid="stMain"] [data-testid="stMetricValue"].metric-wraps, [data-testid="stMain"] [data-testid="stMetricValue"].metric-wraps * { white-space: normal; }
</style>"""
# Each metric's value on one line, at the largest size that fits the metric's width (FIT_METRICS).
METRIC_FIT_FLOOR = 0.55
# Presentation mode: a projector at 1280x720 shows a page's title, its first
# chart and the numbers above it without scrolling. Body text 1.25rem and
# metric values 2.75rem: the numbers stay the largest text after the title.
PRESENTATION_CSS = """<style>
[data-testid="stHeader"], [data-testid="stHeader"] div { background: transparent; pointer-events: none; }
[data-testid="stHeader"] button, [data-testid="stHeader"] a { pointer-events: auto; }
[data-testid="stMainBlockContainer"] { padding-top: 1rem; padding-bottom: 3rem; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.5rem; }
[data-testid="stMain"] h1 { font-size: 2.2rem; padding: 0.25rem 0; }
[data-testid="stMain"] h2 { font-size: 1.6rem; padding: 0.5rem 0 0.3rem; }
[data-testid="stMain"] [data-testid="stExpander"] summary p { font-size: 1.1rem; }
[data-testid="stMain"] h3 { font-size: 1.4rem; }
[data-testid="stMain"] [data-testid="stMarkdown"] p, [data-testid="stMain"] [data-testid="stMarkdown"] li,
[data-testid="stMain"] [data-testid="stAlert"] p { font-size: 1.25rem; line-height: 1.5; }
[data-testid="stMain"] [data-testid="stMarkdown"] td, [data-testid="stMain"] [data-testid="stMarkdown"] th { font-size: 1.1rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1.1rem; }
[data-testid="stMain"] [data-testid="stMetricValue"], [data-testid="stMain"] [data-testid="stMetricValue"] * { font-size: calc(2.75rem * var(--metric-fit, 1)); line-height: 1.15; }
[data-testid="stMain"] [data-testid="stMetricLabel"] p { font-size: 1.15rem; }
[data-testid="stMain"] [data-testid="stMetricDelta"] { font-size: 1.1rem; }
</style>"""


FIT_METRICS = """<script>
(() => {
    if (window.__labFitMetrics) return;
    window.__labFitMetrics = true;
    const floor = %s;
    // --metric-fit scales the value's font (NO_CLIPPING_CSS): the largest scale up to 1 at which
    // the value fits its box on one line; below the floor, the floor, and a value with a space wraps there.
    const fit = value => {
        value.classList.remove('metric-wraps');
        value.style.setProperty('--metric-fit', '1');
        const room = value.clientWidth, needed = value.scrollWidth;
        if (!room || needed <= room) return;
        const scale = Math.floor(room / needed * 100) / 100;
        value.style.setProperty('--metric-fit', String(Math.max(scale, floor)));
        if (scale < floor && /\\s/.test(value.innerText.trim())) value.classList.add('metric-wraps');
    };
    const fitAll = () => document.querySelectorAll('[data-testid="stMain"] [data-testid="stMetricValue"]').forEach(fit);
    let pending = false;
    const schedule = () => {
        if (pending) return;
        pending = true;
        requestAnimationFrame(() => { pending = false; fitAll(); });
    };
    // New or changed values (a run, a scrub follower), and a window of another width.
    new MutationObserver(schedule).observe(document.body, { subtree: true, childList: true, characterData: true });
    window.addEventListener('resize', schedule);
    schedule();
})();
</script>""" % METRIC_FIT_FLOOR


def app_options() -> None:
    """The sidebar's app-wide options, each kept in the URL: language
    (?lang=), presentation mode (?present=true: larger text and charts,
    controls folded away) and hidden controls (?hide_controls=true: a student
    link that shows the charts of the linked settings). Called once per run
    by dashboard.py, before any text is looked up."""
    controls.begin_app_run()
    choice(st.sidebar.radio, "Language · 语言", LANGUAGE_NAMES, key="lang", horizontal=True, scope=APP)
    control(st.sidebar.toggle, t("frame.present"), key="present", help=t("frame.present_help"), scope=APP)
    control(st.sidebar.toggle, t("frame.hide_controls"), key="hide_controls", help=t("frame.hide_controls_help"), scope=APP)
    control(st.sidebar.toggle, t("frame.skip_predictions"), key=SKIP_OPTION, help=t("frame.skip_predictions_help"), scope=APP)
    controls.end_app_options()
    st.html(NO_CLIPPING_CSS + (PRESENTATION_CSS if presenting() else ""))
    st.sidebar.html(FIT_METRICS, unsafe_allow_javascript=True)


def presenting() -> bool:
    """Presentation mode (?present=true) is on."""
    return _option("present")


def sidebar_state() -> str:
    """set_page_config's initial_sidebar_state: in presentation mode the
    sidebar starts closed and the page takes the projector's full width."""
    return "collapsed" if presenting() else "auto"


def _option(key: str) -> bool:
    """An app option from the sidebar or, on a page run alone, from the link."""
    if key in st.session_state:
        return bool(st.session_state[key])
    return st.query_params.get(key, "false").lower() == "true"


def panels():
    """(controls, main) of one section: side by side; in presentation mode
    or a hide-controls link the controls fold into a closed expander above
    the charts, which take the full width. The controls' column is wide
    enough for the longest choice in a selectbox ("scaled identity (W =
    scale·I)") at 1400 px with the sidebar open: a selectbox cannot wrap."""
    if presenting() or _option("hide_controls"):
        return st.expander(t("frame.controls"), expanded=False, icon=":material/tune:"), st.container()
    return st.columns([1.3, 3], gap="large")


def chart_row(count: int = 2) -> list:
    """Containers for `count` charts side by side; stacked at full width in
    presentation mode, where half a projected page is too small to read."""
    if presenting():
        return [st.container() for _ in range(count)]
    return st.columns(count)


def about():
    """The box intro() put the page's intro in, for more of the same (the
    residual block's diagrams): in presentation mode a popover beside the
    title, so that the page's first chart fits on the projected screen."""
    return st.session_state["_about"]


def section(header: str | None = None, caption: str | None = None):
    """A page section's header, caption and "Controls" panel beside the
    charts: returns (controls, main) as panels() does. In presentation mode
    the header and the folded controls share a row, so the charts start
    higher on the projected screen."""
    folded = presenting() or _option("hide_controls")
    if header and presenting():
        title, controls = st.columns([3, 1])
        title.header(header, divider="gray")
        controls = controls.expander(t("frame.controls"), expanded=False, icon=":material/tune:")
        if caption:
            st.caption(caption)
        main = st.container()
    else:
        if header:
            st.header(header, divider="gray")
        if caption:
            st.caption(caption)
        controls, main = panels()
    if not folded:  # a folded panel says "Controls" on its label
        controls.subheader(t("frame.controls"))
    return controls, main


def fragment(body: Callable[[], T]) -> Callable[[], T | None]:
    """st.fragment for a page section: a control inside it reruns only the
    section, so the browser redraws one section instead of the whole page
    (most of a page's latency; benchmarks/README.md). Each run re-applies
    the presentation font scale, which a fragment run would otherwise not
    see. A control that other sections read takes `on_change=rerun_page`."""

    @st.fragment
    @functools.wraps(body)
    def run() -> T | None:
        if st.session_state.pop(_RERUN_PAGE, False):
            st.rerun(scope="app")
        _apply_font_scale()
        section = controls.SECTION.set(body.__name__)  # a preset resets the sections it names
        # A lesson step's notice sits above the section's first chart; a section run inside another
        # (Vanishing's derivation in its first section) keeps the other's pending prediction.
        charts = lesson.CHARTS.set([0, lesson.CHARTS.get()[1]])
        try:
            with prefetch.foreground():
                return body()
        finally:
            lesson.CHARTS.reset(charts)
            controls.SECTION.reset(section)

    return run


_RERUN_PAGE = "_rerun_page"


def rerun_page() -> None:
    """on_change of a control inside a fragment whose value other sections
    use: the next run is the whole page's, not just the fragment's."""
    st.session_state[_RERUN_PAGE] = True


def setup_page(page: str) -> None:
    """Call first on every page: the page also runs on its own (AppTest)."""
    _leave_pages_folder_mode()
    controls.enter_page(page)  # reads the link when the page is entered
    st.session_state.pop(_RERUN_PAGE, None)  # a whole run already
    st.set_page_config(page_title=f"{t(f'{page}.title')} · {t('app.title')}", layout="wide", initial_sidebar_state=sidebar_state())
    _apply_font_scale()


def _apply_font_scale() -> None:
    """Chart text for this run (and thread): larger in presentation mode."""
    charts.set_font_scale(PRESENTATION_FONT_SCALE if presenting() else 1.0)


def _leave_pages_folder_mode() -> None:
    """Streamlit treats an app that has a pages/ folder as an old-style (v1)
    multipage app until the entry file has called st.navigation once in this
    server process. A shared link to /rnn opened first on a fresh server
    would run pages/rnn.py alone, without dashboard.py, under a menu of file
    names. Switch the process to st.navigation mode and rerun: the rerun goes
    through dashboard.py and lands on the same page (both modes name a page
    by its url path). Streamlit has no public switch for this; its own
    st.navigation sets the same flag (streamlit/commands/navigation.py)."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def intro(page: str, **fields) -> None:
    """Title, the Presets menu, Add to lesson and the Link, then the applied preset's "what
    to look for" (kept until a control changes) and the page's intro;
    `fields` are the computed numbers (core.claims) that the intro and the
    presets' texts format in."""
    about_box = None  # presentation mode: a popover beside the title; otherwise a box under the preset's
    # The menus' columns are as wide as their labels (NO_CLIPPING_CSS): a title column of more than about
    # half the row would push the Link onto a second row (1400 px with the sidebar open; 1280 px presenting).
    if presenting():
        title, about_slot, presets, add, link = st.columns([3.5, 1.2, 1.2, 1.5, 1], vertical_alignment="bottom")
        about_box = about_slot.popover(t("frame.about"), icon=":material/info:")
    else:
        title, presets, add, link = st.columns([4, 1.2, 1.5, 1], vertical_alignment="bottom")
    title.title(t(f"{page}.title"))
    if PRESETS.get(page):
        with presets:
            _presets_menu(page)
    with add:  # "Add this screen" to the lecturer's own lesson (ui/lesson.py)
        lesson.add_menu(page)
    st.session_state["_link_slot"] = link.empty()
    st.session_state["_link_report"] = st.empty()
    lesson.panel(page)
    if about_box is None and lesson.active():  # the page's intro folds away: the step's text stands in for it
        about_box = st.expander(t("frame.about"), icon=":material/info:")
    applied = next((preset for preset in PRESETS.get(page, []) if preset.key == st.session_state.get(controls.PRESET_SHOWN)), None)
    if applied:
        st.session_state["_preset_slot"] = slot = st.empty()  # emptied at the page's end if a link named a preset its settings are not
        own = applied.text_fields()
        slot.info(f"**{t(f'preset.{page}.{applied.key}.name', **own)}**: {t(f'preset.{page}.{applied.key}.what', **(fields | own))}", icon=":material/bookmark:")
    st.session_state["_about"] = about_box if about_box is not None else st.container()
    about().markdown(t(f"{page}.intro", **fields))


@st.fragment
def _presets_menu(page: str) -> None:
    """A fragment: opening or closing the menu reruns only the menu. Its
    buttons are built only while it is open: some presets' names format in
    numbers computed by training small nets (core.claims), whose optimiser
    imports torch._dynamo (~0.8 s), and a closed menu keeps that off the
    page's first paint."""
    menu = st.popover(t("frame.presets"), icon=":material/bookmarks:", key="_presets_open", on_change="rerun")
    if not menu.open:
        return
    with menu:
        for preset in PRESETS[page]:
            st.button(t(f"preset.{page}.{preset.key}.name", **preset.text_fields()), key=f"_preset_{preset.key}", on_click=_apply_preset, args=(page, preset), width="stretch")


def _apply_preset(page: str, preset: Preset) -> None:
    """Every control of the sections the preset names back to its default,
    then the preset's values; the menu closes (it would cover the "what to
    look for" box) and the whole page reruns."""
    controls.assign(controls.section_defaults(preset.values) | preset.values)
    st.session_state[controls.PRESET_SHOWN] = preset.key
    st.session_state["_presets_open"] = False
    st.rerun(scope="app")


def reset_controls(keys) -> None:
    """on_click of a reset button: `keys` back to their defaults."""
    defaults = {key: control.default for key, control in controls.registered().items()}
    controls.assign({key: defaults[key] for key in keys if key in defaults})
    if st.session_state.pop(controls.PRESET_SHOWN, None) is not None:
        st.rerun(scope="app")


def link_check() -> None:
    """After the page's widgets: name what the link could not use (one
    line, literal text), and the Link menu with the current address."""
    page = controls.current_page()
    # A link's preset that is one of this page's: are the link's settings its settings? (Another name: finish_page says so.)
    linked = next((preset for preset in PRESETS.get(page, []) if preset.key == st.session_state.get(controls.PRESET_LINKED)), None)
    slot = st.session_state.pop("_preset_slot", None)
    if linked is not None and controls.linked_preset_differs(controls.section_defaults(linked.values) | linked.values) and slot is not None:
        slot.empty()
    ignored = controls.finish_page(page)
    report, slot = st.session_state.pop("_link_report", None), st.session_state.pop("_link_slot", None)
    if ignored and report is not None:
        report.warning(ignored, icon=":material/link_off:")
    if ignored:
        lesson.bad_state(ignored)
    if slot is not None:
        with slot:
            _link_menu()


@st.fragment
def _link_menu() -> None:
    """A fragment: opening the menu reruns only the menu, which then shows
    the address as it is now (every control away from its default)."""
    box = st.popover(t("frame.link"), icon=":material/link:", key="_link_open", on_change="rerun")
    if box.open:
        with box:
            st.caption(t("frame.link_help"))
            st.code(controls.address(), language=None, wrap_lines=True)


def notebook(code: str) -> None:
    """"Reproduce in a notebook": a snippet of the public core API that
    recomputes the page's first chart for the current settings. Run it from
    the repository's root; it leaves the numbers in `grad_norm`."""
    box = st.expander(t("frame.notebook"), icon=":material/code:", key="_notebook_open", on_change="rerun")
    if box.open:  # sent only when opened: highlighting it costs the browser ~40 ms on every rerun
        with box:
            st.caption(t("frame.notebook_help"))
            st.code(textwrap.dedent(code).strip(), language="python")


def notice(page: str, **fields) -> None:
    """"What to notice"; `fields` are the computed numbers its text formats in (core.claims)."""
    st.subheader(t("frame.notice"), divider="gray")
    st.markdown(t(f"{page}.notice", **fields))


def math(items: list[tuple[str, str]], **fields) -> None:
    """items: (sentence key, LaTeX) pairs; `fields` as for intro()."""
    st.subheader(t("frame.math"), divider="gray")
    for key, latex in items:
        st.markdown(t(key, **fields))
        st.latex(latex)


def reading(page: str) -> None:
    """The last call of every page: further reading, then the link check
    (which needs every widget of the page to exist)."""
    st.subheader(t("frame.reading"), divider="gray")
    st.markdown(t(f"{page}.reading"))
    link_check()


def chart(build: Callable[..., charts.Figure], /, *args, **kwargs) -> None:
    """Draw `build(*args, **kwargs)` (a builder from ui.charts), with a button
    that downloads the data it draws as CSV.

    Cached by the arguments' content: a page draws up to seven charts per
    rerun, most of them unchanged by the slider that was moved."""
    spec, csv, title = _chart_payload(build.__name__, charts.font_scale(), _fingerprint((args, kwargs)), args, kwargs)
    with lesson.at_chart(controls.SECTION.get()):
        st.vega_lite_chart(spec, width="stretch")
        if csv:
            st.download_button(
                t("frame.csv"), csv, file_name=f"{_slug(title)}.csv", mime="text/csv",
                icon=":material/download:", type="tertiary", on_click="ignore",
            )


def live_chart(slot, build: Callable[..., charts.Figure], /, *args, **kwargs) -> None:
    """Draw `build(*args, **kwargs)` into `slot` (an st.empty) while its data
    grows (a training run streaming its steps): not cached, no CSV. Its spec
    stays the same from one update to the next, so the browser adds the new
    points to the drawn chart."""
    slot.vega_lite_chart(_with_tables(build(*args, **kwargs)), width="stretch")


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def _chart_payload(builder: str, font_scale: float, fingerprint: str, _args: tuple, _kwargs: dict) -> tuple[dict, bytes, str]:
    """(Vega-Lite spec with its tables as Arrow bytes, CSV of the drawn data, title).

    Keyed by `fingerprint` of the arguments (Streamlit skips the
    underscored ones): its own hashing of the frames took a third of a
    cached section's rerun (py-spy)."""
    charts.set_font_scale(font_scale)
    figure = getattr(charts, builder)(*_args, **_kwargs)
    data = figure.data()
    csv = b"" if data.empty else data.to_csv(index=False).encode()
    return _with_tables(figure), csv, figure.title


def _with_tables(figure: charts.Figure) -> dict:
    """The spec with its tables as named datasets of Arrow bytes, which is
    how st.altair_chart sends a chart's data."""
    return {**figure.spec, "datasets": {name: dataframe_util.convert_anything_to_arrow_bytes(table) for name, table in figure.tables.items()}}


def _fingerprint(value) -> str:
    """A content hash of chart arguments: frames, lists, dicts and scalars."""
    digest = hashlib.blake2b(digest_size=16)

    def feed(item) -> None:
        if isinstance(item, pd.DataFrame):
            digest.update(f"frame{item.shape}{list(item.columns)}".encode())
            for _, column in item.items():
                digest.update(str(column.dtype).encode())
                if pd.api.types.is_numeric_dtype(column.dtype) and not isinstance(column.dtype, pd.CategoricalDtype):
                    digest.update(column.to_numpy(dtype="float64", na_value=float("nan")).tobytes())
                else:
                    digest.update("\x1f".join(map(str, column)).encode())
        elif isinstance(item, (list, tuple)):
            digest.update(f"{type(item).__name__}{len(item)}".encode())
            for element in item:
                feed(element)
        elif isinstance(item, dict):
            digest.update(f"dict{len(item)}".encode())
            for key in sorted(item, key=str):
                feed(key)
                feed(item[key])
        else:
            digest.update(f"{type(item).__name__}:{item!r}\x1e".encode())

    feed(value)
    return digest.hexdigest()


def _slug(text: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in str(text).lower()).strip("-")
    return "-".join(part for part in slug.split("-") if part)[:60] or "chart"
