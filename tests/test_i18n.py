"""Both languages have every string; every page renders in each."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pandas as pd
import pytest

from tests.test_pages import chart_data, page_test
from ui.i18n import LANGUAGES
from ui.nav import PAGES

ROOT = Path(__file__).resolve().parents[1]
EN = LANGUAGES["en"]


def fields(text: str) -> set[tuple[str, str]]:
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_key_is_present_and_non_empty(code):
    strings = LANGUAGES[code]
    assert set(strings) == set(EN), {"missing": sorted(set(EN) - set(strings)), "extra": sorted(set(strings) - set(EN))}
    assert not [key for key, text in strings.items() if not text.strip()]


@pytest.mark.parametrize("code", sorted(set(LANGUAGES) - {"en"}))
def test_translations_keep_every_format_field(code):
    wrong = {key: (fields(EN[key]), fields(text)) for key, text in LANGUAGES[code].items() if fields(text) != fields(EN[key])}
    assert not wrong


def test_every_key_the_code_asks_for_exists():
    """Literal keys in t("..."), and the prefixes of options("...", values)."""
    sources = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
    missing = []
    for source in sources:
        text = source.read_text()
        for key in re.findall(r'\bt\(\s*"([a-z_]+\.[a-z0-9_.]+)"', text):
            if key not in EN:
                missing.append(f"{source.name}: {key}")
    assert not missing


@pytest.mark.parametrize("path", [page.path for page in PAGES])
def test_every_page_renders_in_chinese(path):
    english = page_test(path).run()
    app = page_test(path)
    app.query_params["lang"] = "zh"
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.title[0].value == LANGUAGES["zh"][f"{Path(path).stem}.title"]
    assert app.title[0].value != english.title[0].value
    assert len(chart_data(app)) == len(chart_data(english))
    assert chart_data(app) != chart_data(english), "chart titles and labels must be translated too"


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_no_key_is_written_twice(code):
    """A dict literal keeps the last of two equal keys silently: a merge once
    left a corrected sentence and its stale version side by side in en.py,
    and the stale one was what the page showed."""
    import ast

    tree = ast.parse((ROOT / "ui" / "lang" / f"{code}.py").read_text(encoding="utf-8"))
    keys = [node.value for literal in ast.walk(tree) if isinstance(literal, ast.Dict)
            for node in literal.keys if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    assert not sorted({key for key in keys if keys.count(key) > 1})


# Colour words, and the marker symbols the charts draw for an exact 0 and an overflow.
COLOUR_WORDS = {
    "en": r"\b(red|green|blue|orange|yellow|purple|pink|grey|gray|black)\b",
    "zh": r"(红|绿|蓝|橙|黄|紫|粉|灰|黑)色",
}
# Texts whose colours are drawn as they say: Streamlit's metric delta colours, which the
# page sets from the same comparison (pages/remedies.py: delta_color "green" when closer
# to 1, else "red"), and the phase diagram's diverging scheme (tested below).
DRAWN_COLOUR_TEXTS = {"remedies.metric_ratio_help", "remedies.phase_caption"}


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_texts_name_no_colour_the_charts_do_not_draw(code):
    """Markers are told apart by shape, not colour: the underflow markers were called
    "red triangles" while the chart draws them vermillion (charts.EVENT_COLOR)."""
    named = {key: re.findall(COLOUR_WORDS[code], text, re.IGNORECASE) for key, text in LANGUAGES[code].items() if key not in DRAWN_COLOUR_TEXTS}
    assert not {key: words for key, words in named.items() if words}


def test_the_marker_symbol_texts_name_is_the_one_the_charts_draw():
    """The texts point at exact zeros as ▼; the gradient-flow chart draws them as triangle-down."""
    from ui import charts

    frame = pd.DataFrame({"layer": [1, 2, 3], "grad_norm": [0.0, 1e-3, 1.0], "curve": "measured"})
    figure = charts.gradient_flow_chart(
        frame, x="layer", y="grad_norm", series="curve", title="t", subtitle=None, x_title="x", y_title="y", series_title="s",
        underflow_text="underflow", overflow_text="overflow", value_title="v",
    )
    shapes = {shape for layer in figure.spec["layer"] for shape in layer.get("encoding", {}).get("shape", {}).get("scale", {}).get("range", [])}
    assert shapes == {"triangle-down"}
    assert "▼" in EN["common.underflow_note"] and "▼" in LANGUAGES["zh"]["common.underflow_note"]


def test_the_phase_diagram_is_blue_where_the_gradient_shrinks_and_orange_where_it_grows():
    """remedies.phase_caption: "Blue: it shrinks toward the input; orange: it grows"."""
    from ui import charts

    grid = pd.DataFrame({"sigma_w": [1.0, 2.0], "sigma_b": [0.0, 0.0], "log10_ratio": [-3.0, 3.0], "theory_log10_ratio": [-3.0, 3.0]})
    boundary = pd.DataFrame({"sigma_w": [1.0], "sigma_b": [0.0], "line": ["asymptotic"]})
    figure = charts.phase_chart(grid, boundary, title="t", subtitle="s", x_title="x", y_title="y", color_title="c", theory_title="th",
                                boundary_label="b", finite_label="f")
    scales = [layer["encoding"]["color"]["scale"] for layer in figure.spec["layer"] if "color" in layer.get("encoding", {})]
    assert scales and all(scale["scheme"] == "blueorange" and scale["domainMid"] == 0 for scale in scales)  # blue below 0 (shrinks), orange above
