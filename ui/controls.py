"""A page's controls and its address: every control's value lives in session
state and, when it differs from the default, in the URL.

    depth = control(st.slider, t("common.depth"), 1, 100, 20, key="depth")
    activation = choice(st.selectbox, t("common.activation"), names, key="activation")

This module, not Streamlit's bind="query-params", keeps the address. Streamlit's
binding carried a bound value from one page to the next (pages share names
such as depth), re-read the URL when a widget's state was deleted, and parsed
links loosely; and a widget whose state is merely deleted keeps its old value
in the browser, which sends it back with the next click (so presets and
resets came undone). Here:

- The URL is read when a page is entered: a link opened, a page chosen in the
  menu, the browser's back or forward. Every control of the page is then set
  explicitly, to the link's value or to its default, so the browser shows
  exactly what the server computes and nothing of another page survives.
  The sidebar's app-wide options are read once per session (and on back or
  forward), so they follow the reader from page to page.
- Otherwise session state holds the truth, and every run of a control writes
  its value into the URL when it differs from the default (canonical text),
  so the address always reproduces the screen.
- A link is parsed strictly: ASCII digits, finite, in range, on the step, a
  known option; a link longer than MAX_QUERY_CHARS or with more than
  MAX_QUERY_PARAMS parameters is not read at all. What was ignored is named
  once, in at most MAX_REPORT_CHARS characters, as literal text (code spans:
  a link cannot inject a link, an image, a heading or a colour).
- Presets and resets assign values (never delete state), section by section.
"""

from __future__ import annotations

import contextvars
import inspect
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable
from urllib.parse import urlencode

import streamlit as st
from streamlit.errors import StreamlitAPIException

from ui.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from ui.predict import SKIP_OPTION

APP = "app"  # the scope of the sidebar's app-wide options (other controls are scoped by their page)
APP_SWITCHES = ("present", "hide_controls", SKIP_OPTION)  # the sidebar's on/off options (st.toggle, default off)
APP_OPTIONS = ("lang",) + APP_SWITCHES  # every app-wide key: known on every page
LESSON_KEYS = ("lesson", "step")  # lesson mode (ui/lesson.py): read by the lesson panel, not by a page's controls
# The applied preset, while its "what to look for" box is shown: a Link opened elsewhere shows
# the same box, if the link's settings are still the preset's (ui/frame.py checks them).
PRESET_KEY = "preset"
MAX_QUERY_CHARS = 1000  # a whole link; the longest view of this lab is about 250
MAX_QUERY_PARAMS = 40  # the busiest page has 17 controls
MAX_VALUE_CHARS = 64  # one value, checked before it is parsed
SHOWN_CHARS = 30  # a hostile name or value is cut to this in the report
MAX_REPORT_CHARS = 300

INT_TEXT = re.compile(r"-?[0-9]{1,15}")
DECIMAL_TEXT = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,15})?")

# Session-state keys (underscored: not controls).
_REGISTRY = "_controls"  # {scope: {key: Control}}: every control drawn so far
_OPENING = "_link_opening"  # {scope: {"pending": {key: [texts]}, "done": set of keys}}: a link being read
_IGNORED = "_link_ignored"  # [report item]: what the link being read could not use
_REJECTED = "_link_rejected"  # the one line saying a link was too long to be read
_PAGE, _PAGE_RUN, _RUNS = "_page", "_page_run", "_runs"
_APP_READ = "_app_link_read"
PRESET_SHOWN = "_preset_shown"  # the applied preset's key, until a control changes
PRESET_LINKED = "_preset_linked"  # the preset a link named, until the page's run checks its settings

# The page section (frame.fragment body) whose controls are being drawn: a
# preset resets the sections it names.
SECTION: contextvars.ContextVar[str] = contextvars.ContextVar("section", default="")


class Invalid(ValueError):
    """A link's text that the control does not accept."""


@dataclass(frozen=True)
class Spec:
    """What a link may say about one control."""

    default: Any
    parse: Callable[[str], Any]  # a link's text -> the value; raises Invalid
    text: Callable[[Any], str]  # a value -> its canonical text in the URL


@dataclass(frozen=True)
class Control:
    default: Any
    section: str


# --- entering a page: when the link is read ---------------------------------------------------

def begin_app_run() -> None:
    """First call of every whole run of the app (dashboard.py, via
    frame.app_options): counts the runs, so that a page can tell that the run
    before it was another page's (the home page calls no setup_page), and
    reads the app-wide options from the link once per session."""
    state = st.session_state
    state[_RUNS] = state.get(_RUNS, 0) + 1
    state[_IGNORED] = []
    state.pop(_REJECTED, None)
    if _APP_READ not in state or _history_navigation():
        state[_APP_READ] = True
        params = _link_params()
        _open(APP, {key: params[key] for key in APP_OPTIONS if key in params})


def end_app_options() -> None:
    st.session_state.get(_OPENING, {}).pop(APP, None)


def enter_page(page: str) -> None:
    """Called by setup_page before any control of `page` is drawn. The link
    is read (every control set from it or to its default) when the page is
    entered: its first run in this session, the run after another page's,
    or the browser's back/forward. Other runs keep session state."""
    state = st.session_state
    runs = state.get(_RUNS)  # None when the page runs alone (AppTest): every run of it is then its own
    continuing = state.get(_PAGE) == page and (runs is None or state.get(_PAGE_RUN) == runs - 1) and not _history_navigation()
    state[_PAGE], state[_PAGE_RUN] = page, runs
    if continuing:
        return
    state.pop(PRESET_SHOWN, None)
    state.pop(PRESET_LINKED, None)
    if runs is None:
        state[_IGNORED] = []
        state.pop(_REJECTED, None)
    params = _link_params()
    if runs is None:  # no sidebar: its options are read from the link here, as app_options would
        _open(APP, {key: params[key] for key in APP_OPTIONS if key in params})
        for key, spec in _app_option_specs().items():
            _claim(APP, key, spec)
            _write(key, spec.text(state[key]), spec.text(spec.default))
        end_app_options()
    _open(page, {key: values for key, values in params.items() if key not in APP_OPTIONS + LESSON_KEYS + (PRESET_KEY,)})
    if params.get(PRESET_KEY):  # shown at once, as the page's title is; its settings are checked at the page's end
        state[PRESET_SHOWN] = state[PRESET_LINKED] = params[PRESET_KEY][-1]


def reading_link(scope: str) -> bool:
    """The link is being read for `scope` on this run (its page was just entered)."""
    return scope in st.session_state.get(_OPENING, {})


def read_link_next_run() -> None:
    """The next run enters its page afresh and reads the link, even when it
    is the page shown now: a lesson step opens its state exactly as a link
    does (every control to the link's value or its default)."""
    st.session_state.pop(_PAGE, None)


def _app_option_specs() -> dict[str, Spec]:
    """The sidebar's options as frame.app_options draws them."""
    languages = [DEFAULT_LANGUAGE] + [code for code in LANGUAGES if code != DEFAULT_LANGUAGE]
    switch = Spec(False, _parse_bool, lambda v: "true" if v else "false")
    return {"lang": _choice_spec(languages, DEFAULT_LANGUAGE, False)} | {key: switch for key in APP_SWITCHES}


def current_page() -> str:
    return st.session_state.get(_PAGE, "")


def _history_navigation() -> bool:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(getattr(ctx, "is_history_navigation", False))


def _open(scope: str, params: dict[str, list[str]]) -> None:
    st.session_state.setdefault(_OPENING, {})[scope] = {"pending": params, "done": set()}


def _link_params() -> dict[str, list[str]]:
    """The link's parameters, {key: [texts]}: every value of a repeated key.
    A link over MAX_QUERY_CHARS or MAX_QUERY_PARAMS is not read at all: the
    address is cleared in one update and one line says so. O(size of the
    query string), before any control parses anything."""
    query = st.query_params
    keys = list(query)
    params = {key: query.get_all(key) for key in keys}
    chars = sum(len(key) + sum(len(value) + 2 for value in values) for key, values in params.items())
    if len(keys) <= MAX_QUERY_PARAMS and chars <= MAX_QUERY_CHARS:
        return params
    st.session_state[_REJECTED] = t("frame.link_too_long", chars=chars, params=len(keys), max_chars=MAX_QUERY_CHARS, max_params=MAX_QUERY_PARAMS)
    _replace_query({})
    return {}


# --- one control -----------------------------------------------------------------------------

def control(widget: Callable, label: str, *args, key: str, on_change: Callable | None = None, scope: str | None = None, **kwargs):
    """Draw `widget` (st.slider, st.select_slider, st.number_input, st.toggle,
    st.checkbox, on st or on a container) with its own arguments, keep its
    value in the URL under `key`, and return its value. `scope` is APP for
    the sidebar's app-wide options, else the current page."""
    spec = _spec(widget, label, args, kwargs)
    return _draw(spec, scope, key, lambda callback: widget(label, *args, key=key, on_change=callback, **kwargs), on_change)


def choice(widget: Callable, label: str, names: dict, *, key: str, default=None, on_change: Callable | None = None,
           scope: str | None = None, **kwargs):
    """st.selectbox / st.radio / st.pills (widget) over `names` (value ->
    translated label), kept in the URL by value: ?activation=relu, so a link
    made in Chinese opens in English. A multi-select pills value is written
    comma-separated in the options' order (?cells=rnn,gru)."""
    values = list(names)
    multi = kwargs.get("selection_mode") == "multi"
    if default is None:
        default = list(values) if multi else values[0]
    spec = _choice_spec(values, default, multi)

    def draw(callback):
        if key not in st.session_state:  # else the widget takes its value from session state
            kwargs["default" if widget.__name__ == "pills" else "index"] = default if widget.__name__ == "pills" else values.index(default)
        return widget(label, values, format_func=lambda v: names.get(v, v), key=key, on_change=callback, **kwargs)

    return _draw(spec, scope, key, draw, on_change)


def _draw(spec: Spec, scope: str | None, key: str, draw: Callable, on_change: Callable | None):
    scope = scope or current_page()
    _claim(scope, key, spec)
    if scope == APP and key in st.session_state:
        # Streamlit gives a widget a new identity on every page, and a new
        # widget forgets the old one's value: reassigned, the sidebar's
        # options (presentation mode, skipping predictions) survive a page
        # change from the menu, whose links carry no query string.
        st.session_state[key] = st.session_state[key]
    value = draw(on_change if scope == APP else _on_change(on_change))  # a language or projector switch keeps the preset's box
    _write(key, spec.text(value), spec.text(spec.default))
    st.session_state.setdefault(_REGISTRY, {}).setdefault(scope, {})[key] = Control(spec.default, SECTION.get())
    return value


def slider_spec(label: str, low, high, default, step=None) -> Spec:
    """What a link may say about a slider from low to high in steps of `step`: as st.slider's."""
    return _spec(st.slider, label, (low, high, default), {} if step is None else {"step": step})



def external(spec: Spec, key: str, draw: Callable, on_change: Callable | None = None, scope: str | None = None):
    """A control drawn by its own code (ui/scrub.py): `draw(callback)` draws it, calls
    `callback` from its change callback, and returns the value. Kept as control() keeps
    a widget's value (link, session state, URL, presets)."""
    return _draw(spec, scope, key, draw, on_change)


def _claim(scope: str, key: str, spec: Spec) -> None:
    """While a link is being read: set the control from it (or to its default)
    before the widget is drawn, once."""
    opening = st.session_state.get(_OPENING, {}).get(scope)
    if opening is None or key in opening["done"]:
        return
    opening["done"].add(key)
    texts = opening["pending"].pop(key, None) or []
    for text in texts[:-1]:
        _ignore(t("frame.link_repeated", name=literal(key), value=literal(text)))
    value = spec.default
    if texts:
        try:
            value = spec.parse(texts[-1])
        except Exception:  # noqa: BLE001 - any text a control does not accept is reported, never raised
            _ignore(t("frame.link_invalid", name=literal(key), value=literal(texts[-1])))
    st.session_state[key] = value


def _on_change(then: Callable | None) -> Callable:
    """The widget's own on_change, then: a control that changes ends the
    applied preset's "what to look for" box (a whole-page run removes it at
    once, even when the control sits in a section's fragment)."""

    def changed() -> None:
        if then is not None:
            then()
        if st.session_state.pop(PRESET_SHOWN, None) is not None:
            st.rerun(scope="app")

    return changed


def _write(key: str, text: str, default_text: str) -> None:
    """The URL follows the control: its canonical text, or nothing at the default.
    Sends an update only when the address changes."""
    query = st.query_params
    if text == default_text:
        if key in query:
            del query[key]
    elif query.get_all(key) != [text]:
        query[key] = text


# --- assigning values: presets and resets ----------------------------------------------------

def registered(scope: str | None = None) -> dict[str, Control]:
    """The controls of `scope` (the current page by default) drawn so far."""
    return st.session_state.get(_REGISTRY, {}).get(scope or current_page(), {})


def assign(values: dict[str, Any]) -> None:
    """Set controls (in a callback, before the run that draws them). An
    assigned value reaches the browser's widget too, unlike a deleted one."""
    for key, value in values.items():
        st.session_state[key] = value


def section_defaults(keys) -> dict[str, Any]:
    """Every control of the sections that hold `keys` -> its default."""
    controls = registered()
    sections = {controls[key].section for key in keys if key in controls}
    return {key: control.default for key, control in controls.items() if control.section in sections}


# --- after the page: what was ignored, and the address ---------------------------------------

def finish_page(page: str) -> str | None:
    """After every control of `page` was drawn: the link's parameters no
    control claimed are unknown, named and removed in one update. Returns
    the report of what the link could not use (None: nothing)."""
    opening = st.session_state.get(_OPENING, {}).pop(page, None)
    if opening is not None and opening["pending"]:
        unknown = list(opening["pending"])
        for key in unknown:
            _ignore(t("frame.link_unknown", name=literal(key)))
        query = st.query_params
        _replace_query({key: query.get_all(key) for key in query if key not in unknown})
    linked = st.session_state.pop(PRESET_LINKED, None)
    if linked is not None:  # no page check took it (Home has no presets)
        st.session_state.pop(PRESET_SHOWN, None)
        _ignore(t("frame.link_preset_unknown", name=literal(f"{PRESET_KEY}={linked}")))
    shown = st.session_state.get(PRESET_SHOWN)
    _write(PRESET_KEY, shown or "", "")  # the address names the preset while its box is shown
    rejected, items = st.session_state.pop(_REJECTED, None), st.session_state.pop(_IGNORED, [])
    return rejected or (report(items) if items else None)


def report(items: list[str]) -> str:
    """One line naming what was ignored, at most MAX_REPORT_CHARS long."""
    for shown in range(len(items), 0, -1):
        listed = "; ".join(items[:shown])
        if shown < len(items):
            listed += "; " + t("frame.link_more", count=len(items) - shown)
        text = t("frame.link_ignored", items=listed)
        if len(text) <= MAX_REPORT_CHARS:
            return text
    return t("frame.link_ignored", items=t("frame.link_more", count=len(items)))[:MAX_REPORT_CHARS]


def address() -> str:
    """The current view's address (the page's URL with its query)."""
    base = (st.context.url or "").split("?")[0]
    query = st.query_params
    pairs = [(key, value) for key in query for value in query.get_all(key)]
    return base + ("?" + urlencode(pairs) if pairs else "")


def page_state() -> str:
    """The current page's own part of the address (a lesson step's `state`):
    every control away from its default, without the app's options, the lesson's keys and the preset."""
    query = st.query_params
    return urlencode([(key, value) for key in query if key not in APP_OPTIONS + LESSON_KEYS + (PRESET_KEY,) for value in query.get_all(key)], safe=",")


def literal(text: str) -> str:
    """`text` from a link as a Markdown code span: shown literally (no link,
    image, heading, colour or icon), on one line, cut to SHOWN_CHARS."""
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split()) or '""'
    if len(text) > SHOWN_CHARS:
        text = text[:SHOWN_CHARS] + "…"
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    # Streamlit rewrites ":material/" before parsing Markdown, code spans
    # included: an invisible word joiner keeps the text as it was written.
    text = text.replace(":material/", ":material\u2060/")
    return f"{fence}{pad}{text}{pad}{fence}"


def linked_preset_differs(expected: dict[str, Any]) -> bool:
    """After the page's controls were drawn: the preset a link named is not what the
    link's settings show (a control in `expected` holds another value). Ends the
    link's claim either way; when it differs, the box goes and the report names it."""
    linked = st.session_state.pop(PRESET_LINKED, None)
    if linked is None:
        return False
    state = st.session_state
    if all(state.get(key) == value for key, value in expected.items()):
        return False
    state.pop(PRESET_SHOWN, None)
    _ignore(t("frame.link_preset_differs", name=literal(f"{PRESET_KEY}={linked}")))
    return True


def _ignore(item: str) -> None:
    st.session_state.setdefault(_IGNORED, []).append(item)


def _replace_query(params: dict[str, list[str]]) -> None:
    """The whole address in one update (a parameter bound to a widget by
    Streamlit cannot be rewritten: then one update per removed key)."""
    query = st.query_params
    if {key: query.get_all(key) for key in query} == params:
        return
    try:
        query.from_dict(params)
    except StreamlitAPIException:
        for key in [key for key in query if key not in params]:
            try:
                del query[key]
            except StreamlitAPIException:
                pass


# --- what a link may say: strict parsers from the widget's own arguments ---------------------

def _spec(widget: Callable, label: str, args: tuple, kwargs: dict) -> Spec:
    name = widget.__name__
    given = inspect.signature(widget).bind_partial(label, *args, **kwargs).arguments
    if name in ("toggle", "checkbox"):
        return Spec(bool(given.get("value", False)), _parse_bool, lambda v: "true" if v else "false")
    if name == "select_slider":
        options = list(given["options"])
        default = given.get("value", options[0])
        return Spec(default, lambda text: _parse_option(text, options), _option_text)
    if name in ("slider", "number_input"):
        low, high = given["min_value"], given["max_value"]
        default = given.get("value", low)
        default = low if default in (None, "min") else default
        integer = all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high, default, given.get("step") or 1))
        step = given.get("step") or (1 if integer else 0.01)  # Streamlit's own default steps
        return Spec(default, lambda text: _parse_number(text, low, high, step, integer),
                    (lambda v: str(int(v))) if integer else (lambda v: _number_text(round(v, decimals(step)))))
    raise TypeError(f"control() does not know {name}: use choice() for selectbox, radio and pills")


def _choice_spec(values: list, default, multi: bool) -> Spec:
    if not multi:
        return Spec(default, lambda text: _parse_option(text, values), str)

    def parse(text: str) -> list:
        picked = text.split(",") if text else []
        if len(set(picked)) != len(picked) or not set(picked) <= set(values):
            raise Invalid(text)
        return [v for v in values if v in picked]

    return Spec(default, parse, lambda chosen: ",".join(v for v in values if v in (chosen or [])))


def _parse_bool(text: str) -> bool:
    if text.lower() not in ("true", "false"):
        raise Invalid(text)
    return text.lower() == "true"


def _parse_number(text: str, low, high, step, integer: bool):
    if len(text) > MAX_VALUE_CHARS or not (INT_TEXT if integer else DECIMAL_TEXT).fullmatch(text):
        raise Invalid(text)
    number, low_d, high_d, step_d = Decimal(text), _decimal(low), _decimal(high), _decimal(step)
    if not low_d <= number <= high_d or (number - low_d) % step_d != 0:
        raise Invalid(text)
    return int(number) if integer else float(number)


def _parse_option(text: str, options: list):
    """The option the text names: a number by its value (1 and 1.0 name the
    option 1.0), anything else by its exact text."""
    if len(text) > MAX_VALUE_CHARS:
        raise Invalid(text)
    for option in options:
        if isinstance(option, (int, float)) and not isinstance(option, bool):
            if DECIMAL_TEXT.fullmatch(text) and Decimal(text) == _decimal(option):
                return option
        elif text == str(option):
            return option
    raise Invalid(text)


def _option_text(value) -> str:
    return _number_text(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def _decimal(number) -> Decimal:
    try:
        return Decimal(repr(number)) if isinstance(number, float) else Decimal(number)
    except InvalidOperation as error:
        raise Invalid(repr(number)) from error


def decimals(step) -> int:
    """The decimals of a slider's step (0.1 -> 1; 1 -> 0): its values are rounded to them."""
    return max(0, -_decimal(step).normalize().as_tuple().exponent)


def _number_text(number) -> str:
    """Shortest plain decimal: 5.0 -> "5", 0.14 -> "0.14", 1e-05 -> "0.00001"."""
    return format(_decimal(number).normalize(), "f")
