"""Chart styling that a projector and a greyscale print need, checked on the
specs (the browser tests check the drawn result): text wrapped by display
width so that Vega never cuts it, a dash pattern per line, lines at least
3 px, chart text at least 18 px in presentation mode."""

from __future__ import annotations

import pandas as pd
import pytest

from ui import charts

CHINESE = "每层 dL/dz 的均方根：失效网络与你的版本，随机种子相同，初始化时的一次反向传播"
ENGLISH = "Quantiles over the batch and units; a band pressed against 0 or 1 (sigmoid) or ±1 (tanh) means saturation"


@pytest.fixture
def presentation():
    charts.set_font_scale(1.3)
    yield
    charts.set_font_scale(1.0)


def test_a_cjk_character_counts_as_two_latin_letters() -> None:
    assert charts.text_width("梯度消失") == pytest.approx(2 * charts.text_width("abcd"), rel=0.1)


@pytest.mark.parametrize("text", [CHINESE, ENGLISH])
@pytest.mark.parametrize("width", [8, 12, 20, 40])
def test_wrapped_lines_fit_and_keep_every_character(text: str, width: float) -> None:
    lines = charts.wrap_text(text, width)
    assert all(charts.text_width(line) <= width for line in lines), [(line, charts.text_width(line)) for line in lines]
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not [line for line in lines[1:] if line[0] in "，。、；：？！）」』》"], "CJK closing punctuation starts a line"


def test_a_line_holds_half_as_many_chinese_characters_as_latin_ones() -> None:
    """Wrapping by character count (textwrap) put twice too much CJK text on a line, which Vega then cut."""
    chinese = max(map(len, charts.wrap_text("梯度消失" * 20, 20)))
    latin = max(map(len, charts.wrap_text("gradients vanish " * 10, 20)))
    assert chinese == 20 and latin >= 2 * chinese - 4, (chinese, latin)


def flow(series: list[str], dashed: list[str], **kwargs) -> charts.Figure:
    frame = pd.concat([pd.DataFrame({"layer": [1, 2, 3], "grad_norm": [1e-3, 1e-2, 1e-1], "curve": name}) for name in series])
    return charts.gradient_flow_chart(
        frame, x="layer", y="grad_norm", series="curve", title="Gradient reaching each layer", subtitle=ENGLISH, x_title="Layer",
        y_title="RMS of dL/dz (log scale)", series_title="Curve", dashed=dashed, underflow_text="Underflow", overflow_text="Overflow",
        value_title="value", **kwargs,
    )


def marks(spec) -> list[dict]:
    """Every mark definition of a spec's layers."""
    found = []
    for layer in spec.get("layer", [spec]):
        if "layer" in layer:
            found += marks(layer)
        elif isinstance(layer.get("mark"), dict):
            found.append({**layer["mark"], "encoding": layer.get("encoding", {})})
    return found


def test_every_series_has_its_own_dash_pattern_and_lines_are_thick() -> None:
    names = ["tanh RNN", "LSTM", "GRU", "Bound"]
    spec = flow(names, ["Bound"]).spec
    lines = [mark for mark in marks(spec) if mark["type"] == "line"]
    assert lines and all(mark["strokeWidth"] >= 3 for mark in lines)
    dash = lines[0]["encoding"]["strokeDash"]["scale"]
    assert dash["domain"] == names and len({tuple(d) for d in dash["range"]}) == len(names)
    assert dash["range"][0] == [1, 0] and dash["range"][3] == charts.THEORY_DASHES[0], "measured solid first, theory dashed"


def test_colour_by_group_keeps_a_dash_per_series() -> None:
    """The RNN "before and after" chart: a colour per cell, a pattern per curve."""
    frame = pd.concat([pd.DataFrame({"steps_back": [0, 1], "grad_norm": [1.0, 0.5], "curve": f"{cell} {when}", "cell": cell})
                       for cell in ("LSTM", "GRU") for when in ("init", "trained")])
    figure = charts.gradient_flow_chart(
        frame, x="steps_back", y="grad_norm", series="curve", title="t", subtitle=None, x_title="x", y_title="y", series_title="s",
        dashed=["LSTM init", "GRU init"], underflow_text="u", overflow_text="o", value_title="v", color_by="cell",
    )
    line = [mark for mark in marks(figure.spec) if mark["type"] == "line"][0]["encoding"]
    colors = dict(zip(line["color"]["scale"]["domain"], line["color"]["scale"]["range"]))
    assert colors["LSTM init"] == colors["LSTM trained"] != colors["GRU init"] == colors["GRU trained"]
    assert len({tuple(d) for d in line["strokeDash"]["scale"]["range"]}) == 4


def test_presentation_text_is_at_least_18_px(presentation) -> None:
    spec = flow(["a", "b"], ["b"], wrap=charts.HALF_WIDTH).spec
    config = spec["config"]
    sizes = [config["axis"]["labelFontSize"], config["axis"]["titleFontSize"], config["legend"]["labelFontSize"],
             config["title"]["fontSize"], config["title"]["subtitleFontSize"]]
    assert min(sizes) >= 18, sizes
    figure = charts.bar_by_layer(pd.DataFrame({"layer": [1, 2], "frac": [0.0, 0.0]}), "frac", title="t", subtitle=None, x_title="x", y_title="y",
                                 percent=True, empty_text="No saturated units in any layer")
    notes = [mark for mark in marks(figure.spec) if mark["type"] == "text"]
    assert notes and all(mark["fontSize"] >= 18 for mark in notes)


@pytest.mark.parametrize("scale", [1.0, 1.3])
def test_titles_and_subtitles_fit_the_narrowest_chart(scale: float) -> None:
    charts.set_font_scale(scale)
    try:
        title = charts._title("Training loss: broken versus your version", CHINESE, charts.HALF_WIDTH)
        width = charts._width(charts.HALF_WIDTH)
        lines = title.text if isinstance(title.text, list) else [title.text]
        assert all(charts.text_width(line) * round(charts.TITLE_SIZE * scale) <= width for line in lines)
        assert all(charts.text_width(line) * charts.font_size(-2) <= width for line in title.subtitle)
    finally:
        charts.set_font_scale(1.0)


def test_a_legend_breaks_into_rows_that_fit() -> None:
    labels = ["tanh RNN, before clipping", "LSTM, before clipping", "GRU, before clipping", "tanh RNN, after clipping"]
    legend = charts._legend(labels, charts.HALF_WIDTH, line=True).to_dict()
    assert legend["columns"] == 1 and "labelExpr" in legend, "too long for one row of a half-width chart: one per row, in lines"
    assert charts._legend(["a", "b", "c"], charts.FULL_WIDTH).to_dict()["columns"] == 3
