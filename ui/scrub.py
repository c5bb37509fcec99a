"""Scrubbing: a slider whose chart follows it in the browser, with no server round trip.

The page ships the chart of every value at once (charts.gradient_flow_family_chart:
a Vega param `signal` picks the net drawn, bound to a range input that the page
hides). This component draws the slider itself (labelled, keyboard arrows and
Home/End as any range input); while it moves, ui/scrub.js sets the chart's bound
input, so Vega redraws in the browser. When the user lets go (the input's
`change`: pointer release, or each key press) the value reaches the server,
whose run then follows: session state, the URL and the Link, and every number
that is computed on the server.

`slider` is a control as ui/controls.py keeps them: read from a link, kept in
session state and the URL, reset by presets.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import streamlit as st

from ui import controls


# Streamlit's own slider's test id: the browser tests and benchmarks find every slider of
# a page by it (a label, then an <input type="range"> with aria-valuetext), this one too.
TEST_ID = "stSlider"


@cache
def _component():
    """Registered once per process: a second registration of a name replaces the first.
    Not style-isolated: its stylesheet also hides the chart's own bound input."""
    here = Path(__file__).parent
    return st.components.v2.component(
        "gradient_flow_lab.scrub", html=f'<div class="scrub" data-testid="{TEST_ID}"></div>', isolate_styles=False,
        css=(here / "scrub.css").read_text(), js=(here / "scrub.js").read_text(),
    )


@cache
def _follower():
    here = Path(__file__).parent
    return st.components.v2.component(
        "gradient_flow_lab.scrub_follow", html='<div class="scrub-follow"></div>', isolate_styles=False,
        css=(here / "scrub.css").read_text(), js=(here / "scrub.js").read_text(),
    )


def follow_metric(signal: str, first: int, labels: list[str], values: list[str], *, at: int, key: str) -> None:
    """Call in the container that holds an st.metric, after it: while the slider that drives
    `signal` moves, the metric shows labels[k - first] and values[k - first] for the slider's
    step number k (its value for an integer slider; see `slider`), in the browser; the
    server's run after the release draws the metric anew. `at`: the step number this
    run's metric was computed for; the browser corrects the metric only when the slider
    shows another (a run for a value the slider has left)."""
    if len(labels) != len(values):
        raise ValueError(f"one label per value: {len(labels)} labels, {len(values)} values")
    _follower()(key=key, data={"signal": signal, "first": first, "target": "metric", "labels": labels, "values": values, "at": at}, height=0)


def follow_caption(signal: str, first: int, texts: list[str], *, at: int, key: str) -> None:
    """follow_metric for an st.caption (plain text, no Markdown): the caption shows texts[v - first]."""
    _follower()(key=key, data={"signal": signal, "first": first, "target": "caption", "values": texts, "at": at}, height=0)


def state_key(key: str) -> str:
    """The component's own key in session state (the control's value lives under `key`)."""
    return f"_{key}_scrub"


def step_number(value: float, step: float) -> int:
    """The chart's param for a slider at `value`: the value in units of `step` (the value
    itself for an integer slider; 25 for a weight scale of 2.5 in steps of 0.1), an
    integer, so that the chart's filter never compares floats."""
    return round(value / step)


def snap(moved, current, low, high, step):
    """The browser's number `moved` bounded to low..high and put on the slider's grid (low +
    k step, rounded to the step's decimals as a link's value is); `current` for anything
    that is not a finite number. Not trusted: the browser may send anything."""
    try:
        moved = float(moved)
    except (TypeError, ValueError):
        return current
    if not math.isfinite(moved):
        return current
    steps = max(0, min(round((high - low) / step), round((moved - low) / step)))
    if isinstance(step, int) and isinstance(low, int):
        return low + steps * step
    return round(low + steps * step, controls.decimals(step))


def slider(label: str, low, high, default, *, key: str, signal: str | None, step=1, help: str | None = None):
    """A slider over low..high in steps of `step` (an integer slider by default; a float
    step for a weight scale), kept as controls.control keeps st.slider's value (link,
    session state, URL: the same text as st.slider's). `signal`: the Vega param of the
    chart that follows it in the browser, set to step_number(value, step) (None: no
    chart follows; the value is sent on release)."""
    spec = controls.slider_spec(label, low, high, default, step)

    def draw(callback):
        value = st.session_state.setdefault(key, default)

        def released() -> None:
            moved = st.session_state[state_key(key)]["value"]
            st.session_state[key] = snap(moved, st.session_state[key], low, high, step)
            if callback is not None:
                callback()

        _component()(
            key=state_key(key), data={"value": value, "min": low, "max": high, "step": step, "decimals": controls.decimals(step),
                                      "label": label, "help": help or "", "signal": signal},
            default={"value": value}, on_value_change=released,
        )
        return st.session_state[key]

    return controls.external(spec, key, draw)
