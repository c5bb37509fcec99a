"""Shareable links: every control lives in the URL (bind="query-params").

A link with every control set to a non-default value restores exactly that
view; bad links (unknown keys, non-numbers, out-of-range values, unknown
options, absurdly long strings) still render, with safe values and a one-line
message naming what was ignored.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_pages import chart_data, controls, page_test
from ui.nav import PAGES

ROOT = Path(__file__).resolve().parents[1]
PAGE_PATHS = [page.path for page in PAGES]


def open_link(path: str, params: dict[str, str]) -> AppTest:
    app = page_test(path)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def non_default(widget):
    """A value other than the widget's current one (AppTest lists a choice's options by label)."""
    kind = type(widget).__name__
    if kind in ("Slider", "NumberInput"):
        return widget.max if widget.value != widget.max else widget.min
    current = widget.format_func(widget.value) if hasattr(widget, "format_func") else str(widget.value)
    return next(option for option in reversed(widget.options) if str(option) != str(current))


def link_text(value) -> str:
    """How a link spells a value: lists comma-separated, the rest as Python
    prints it (a select slider's option 1.0 is "1.0" in the URL, not "1")."""
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def equal(a, b) -> bool:
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return str(a) == str(b)


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_a_link_with_every_control_changed_restores_the_view(path):
    """Move every control away from its default, build the link from the
    values the page received, open it in a fresh session: same values."""
    moved = page_test(path).run()
    for widget in controls(moved):
        widget.set_value(non_default(widget))
    for group in moved.get("button_group"):
        group.set_value(list(group.options)[-1:])
    moved.run()
    assert not moved.exception, [e.message for e in moved.exception]
    wanted = {w.key: w.value for w in controls(moved)} | {g.key: g.value for g in moved.get("button_group")}
    app = open_link(path, {key: link_text(value) for key, value in wanted.items()})
    assert not app.exception, [e.message for e in app.exception]
    got = {w.key: w.value for w in controls(app)} | {g.key: g.value for g in app.get("button_group")}
    for key, value in wanted.items():
        assert equal(link_text(got.get(key)), link_text(value)), (key, value, got.get(key))
    assert not [w.value for w in app.warning if "Ignored" in w.value]


BAD_LINKS = {
    "unknown key": ({"colour": "blue"}, "colour"),
    "not a number": ({"depth": "deep"}, "depth"),
    "out of range": ({"depth": "100000"}, "depth"),
    "unknown option": ({"activation": "swish"}, "activation"),
    "absurdly long": ({"depth": "9" * 5000}, "depth"),
    "absurdly long key": ({"x" * 5000: "1"}, "xxxx"),
}


@pytest.mark.parametrize("case", list(BAD_LINKS), ids=list(BAD_LINKS))
@pytest.mark.parametrize("path", ["pages/vanishing.py", "pages/residual.py"])
def test_bad_links_render_with_defaults_and_say_what_was_ignored(path, case):
    params, named = BAD_LINKS[case]
    app = open_link(path, params)
    assert not app.exception, [e.message for e in app.exception]
    assert len(chart_data(app)) > 0
    messages = [w.value for w in app.warning if "Ignored" in w.value]
    assert len(messages) == 1 and named in messages[0], messages
    assert len(messages[0]) < 300, "a hostile link must not flood the page"
    defaults = page_test(path).run()
    assert {w.key: w.value for w in controls(app)} == {w.key: w.value for w in controls(defaults)}


def test_a_link_equal_to_the_defaults_is_not_reported():
    app = open_link("pages/vanishing.py", {"depth": "20", "activation": "sigmoid"})
    assert not [w for w in app.warning if "Ignored" in w.value]


@pytest.mark.parametrize("page", [page.key for page in PAGES])
def test_every_preset_applies_and_explains_itself(page):
    """Clicking a preset sets its values and shows what to look for."""
    from ui.presets import PRESETS

    for preset in PRESETS[page]:
        app = page_test(f"pages/{page}.py").run()
        app.button(key=f"_preset_{preset.key}").click().run()
        assert not app.exception, (preset.key, [e.message for e in app.exception])
        for key, value in preset.values.items():
            assert equal(link_text(app.session_state[key]), link_text(value)), (preset.key, key)
        assert any(preset.key and info.value.startswith("**") for info in app.info), preset.key


def _first_chart_values(app: AppTest) -> list[float]:
    """The plotted values of a page's first chart (all its Arrow datasets)."""
    import pyarrow as pa

    values = []
    for dataset in app.get("vega_lite_chart")[0].proto.datasets:
        table = pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
        for column in ("grad_norm", "out_grad_norm"):  # out_grad_norm: the Residual page (dL/dh)
            if column in table:
                values += table[column].tolist()
    return values


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_notebook_snippet_reproduces_the_first_chart(path):
    """Every page's "Reproduce in a notebook" code, run as it is shown,
    recomputes the numbers of the page's first chart."""
    app = open_link(path, {})
    assert not [code for code in app.code if "from core import" in code.value], "the snippet is sent only when its expander opens"
    app.session_state["_notebook_open"] = True  # what opening the expander does
    app.run()
    snippets = [code.value for code in app.code if "from core import" in code.value]
    assert len(snippets) == 1, "one notebook snippet per page"
    namespace: dict = {}
    exec(compile(snippets[0], f"{path} snippet", "exec"), namespace)
    reproduced = [v for v in namespace["grad_norm"].tolist() if 0 < v < float("inf")]
    shown = _first_chart_values(app)
    assert reproduced, "the snippet computed nothing"
    missing = [v for v in reproduced if not any(abs(v - s) <= 1e-9 * abs(v) for s in shown)]
    assert not missing, f"{len(missing)} of {len(reproduced)} reproduced values are not on the chart, e.g. {missing[:3]}"
