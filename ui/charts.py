"""Every chart of the app, built in one place.

Charts take tidy pandas frames and labels (already translated) and return
Altair charts styled for a projector: large fonts, a colour-blind-safe
palette (Okabe & Ito), a title, axis titles and tooltips on every mark.

Log axes cannot show 0 or inf, and this domain produces both: values that
underflowed to exactly 0 are drawn at the bottom edge as red down-triangles,
values that overflowed (inf/NaN) at the top edge as red up-triangles, each
with a tooltip that says so. Nothing is dropped silently.
"""

from __future__ import annotations

import textwrap
from contextvars import ContextVar

import altair as alt
import numpy as np
import pandas as pd

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]
EVENT_COLOR = "#D55E00"  # vermillion: underflow / overflow markers
FONT_SIZE = 16
TITLE_SIZE = 19
HEIGHT = 430  # the whole chart: title, plot, axes and legend
# Presentation mode scales every chart's text; a ContextVar because each
# Streamlit session runs in a thread of its own.
_font_scale: ContextVar[float] = ContextVar("font_scale", default=1.0)


def set_font_scale(scale: float) -> None:
    _font_scale.set(scale)


def font_scale() -> float:
    return _font_scale.get()


def _config(scale: float) -> alt.Config:
    font, title = round(FONT_SIZE * scale), round(TITLE_SIZE * scale)
    return alt.Config(
        axis=alt.AxisConfig(labelFontSize=font - 1, titleFontSize=font, titleFontWeight="normal", labelColor="#222", titleColor="#222", gridOpacity=0.6),
        legend=alt.LegendConfig(labelFontSize=font - 1, titleFontSize=font - 1, titleColor="#222", labelColor="#222", orient="bottom", direction="horizontal", labelLimit=500, symbolSize=180, columnPadding=24),
        title=alt.TitleConfig(fontSize=title, anchor="start", subtitleFontSize=font - 2, subtitleColor="#444"),
        view=alt.ViewConfig(strokeWidth=0),
    )


def style(chart: alt.Chart, title: alt.TitleParams, height: int = HEIGHT) -> alt.Chart:
    """Title, size and projector-friendly fonts, applied to every chart.

    One .properties() call and a config set in place: every chained Altair
    call deep-copies the whole chart, and five of them cost more than
    computing the data (57 ms per chart, measured)."""
    scale = _font_scale.get()
    chart = chart.properties(title=title, height=round(height * min(scale, 1.15)), width="container")
    chart.config = _config(scale)
    return chart


HALF_WIDTH_CHARS = 50  # subtitle characters per line on a half-width chart
FULL_WIDTH_CHARS = 110  # ... and on a full-width one


def _title(title: str, subtitle: str | None = None, wrap: int = HALF_WIDTH_CHARS) -> alt.TitleParams:
    # Vega truncates a long subtitle with an ellipsis: wrap it into lines
    # that fit the chart instead.
    return alt.TitleParams(title, subtitle=textwrap.wrap(subtitle, wrap) if subtitle else [])


def _decades(low: float, high: float, most: int = 9) -> list[float]:
    """Tick values 10^k covering [low, high], thinned to at most `most`
    ticks: a log axis labelled only at powers of ten reads at a glance."""
    first, last = int(np.floor(np.log10(low))), int(np.ceil(np.log10(high)))
    if last - first <= 2:  # a decade or two: 1, 2, 5 of each decade
        return [m * 10.0**k for k in range(first, last + 1) for m in (1, 2, 5) if low <= m * 10.0**k <= high]
    step = max(1, int(np.ceil((last - first + 1) / most)))
    return [10.0**k for k in range(first, last + 1, step)]


def _log_axis(low: float, high: float) -> alt.Axis:
    ticks = _decades(low, high)
    # Few decades: plain numbers (0.2, 0.5, 1) read better than 2e-1.
    return alt.Axis(format="~e" if np.log10(high / low) > 2 else "~g", values=ticks)


def _layer_axis(values: pd.Series, title: str) -> alt.X:
    """Integer layer (or step) axis that starts at the first layer, not at 0."""
    return alt.X(
        f"{values.name}:Q", title=title,
        scale=alt.Scale(domain=[float(values.min()), float(values.max())], nice=False, padding=12),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )


def _log_bounds(values: pd.Series) -> tuple[float, float]:
    finite = values[np.isfinite(values) & (values > 0)]
    if finite.empty:
        return 1e-3, 1e3
    low, high = float(finite.min()), float(finite.max())
    # Give the edge markers room outside the data: a factor 10 below/above.
    return low / 10.0, high * 10.0


def split_events(frame: pd.DataFrame, column: str, underflow_text: str, overflow_text: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(plottable rows, event rows) for a log axis.

    Event rows (value == 0, or non-finite) get `plot_value` at the axis
    edge and an `event` text; plottable rows keep their value.
    """
    values = frame[column].astype(float)
    low, high = _log_bounds(values)
    frame = frame.assign(plot_value=values)
    underflow = values == 0
    overflow = ~np.isfinite(values)
    events = frame[underflow | overflow].copy()
    events["plot_value"] = np.where(events[column] == 0, low, high)
    events["event"] = np.where(events[column] == 0, underflow_text, overflow_text)
    return frame[~(underflow | overflow)], events


def gradient_flow_chart(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str,
    title: str,
    subtitle: str | None,
    x_title: str,
    y_title: str,
    series_title: str,
    dashed: list[str] = (),
    underflow_text: str,
    overflow_text: str,
    value_title: str,
    wrap: int = FULL_WIDTH_CHARS,
    color_by: str | None = None,
) -> alt.Chart:
    """Lines of `y` (log axis) against `x`, one per `series`; series named
    in `dashed` (theory, bounds, "before") are drawn dashed without points.
    `color_by`: colour by this column instead (e.g. the cell), so that a
    dashed and a solid series of the same thing share a colour."""
    plottable, events = split_events(frame, y, underflow_text, overflow_text)
    low, high = _log_bounds(frame[y].astype(float))
    color_field = color_by or series
    names = list(dict.fromkeys(frame[color_field]))
    color = alt.Color(f"{color_field}:N", title=series_title if color_by is None else None, scale=alt.Scale(domain=names, range=PALETTE[: len(names)]))
    detail = alt.Detail(f"{series}:N")
    tooltip = [
        alt.Tooltip(f"{series}:N", title=series_title),
        alt.Tooltip(f"{x}:Q", title=x_title),
        alt.Tooltip(f"{y}:Q", title=value_title, format=".4~e"),
    ]
    y_scale = alt.Scale(type="log", domain=[low, high])
    y_enc = alt.Y("plot_value:Q", title=y_title, scale=y_scale, axis=_log_axis(low, high))
    x_enc = _layer_axis(frame[x], x_title)
    is_theory = plottable[series].isin(dashed)
    measured = alt.Chart(plottable[~is_theory])
    lines = measured.mark_line(strokeWidth=3).encode(x=x_enc, y=y_enc, color=color, detail=detail, tooltip=tooltip)
    # Points mark each measured layer; past ~60 they only clutter the line.
    points = measured.mark_point(filled=True, size=70 if frame[x].nunique() <= 60 else 0).encode(x=x_enc, y=y_enc, color=color, tooltip=tooltip)
    # Theory is drawn last and dashed, so that where it agrees exactly with
    # the measurement (w^L, the matrix powers) both stay visible.
    theory = alt.Chart(plottable[is_theory]).mark_line(strokeWidth=3, strokeDash=[8, 6]).encode(x=x_enc, y=y_enc, color=color, detail=detail, tooltip=tooltip)
    layers = [lines, points, theory]
    if not events.empty:
        layers.append(
            alt.Chart(events)
            .mark_point(shape="triangle-down", filled=True, size=220, color=EVENT_COLOR)
            .encode(
                x=x_enc,
                y=y_enc,
                shape=alt.Shape("event:N", title=None, scale=alt.Scale(range=["triangle-down", "triangle-up"])),
                tooltip=[alt.Tooltip(f"{series}:N", title=series_title), alt.Tooltip(f"{x}:Q", title=x_title), alt.Tooltip("event:N", title=value_title)],
            )
        )
    layered = alt.layer(*layers)
    layered.resolve = alt.Resolve(scale=alt.ScaleResolveMap(shape="independent"))
    return style(layered, _title(title, subtitle, wrap))


def activation_chart(curve: pd.DataFrame, peak_z: float, peak_value: float, *, title: str, value_label: str, derivative_label: str, peak_label: str, x_title: str, y_title: str) -> alt.Chart:
    """phi(z) and phi'(z), with the derivative's maximum marked and labelled."""
    long = pd.concat(
        [
            pd.DataFrame({"z": curve["z"], "y": curve["value"], "curve": value_label}),
            pd.DataFrame({"z": curve["z"], "y": curve["derivative"], "curve": derivative_label}),
        ]
    )
    color = alt.Color("curve:N", title=None, scale=alt.Scale(domain=[value_label, derivative_label], range=PALETTE[:2]))
    tooltip = [alt.Tooltip("curve:N", title=" "), alt.Tooltip("z:Q", format=".2f"), alt.Tooltip("y:Q", title=y_title, format=".4f")]
    lines = alt.Chart(long).mark_line(strokeWidth=3).encode(
        x=alt.X("z:Q", title=x_title), y=alt.Y("y:Q", title=y_title), color=color, tooltip=tooltip
    )
    peak = pd.DataFrame({"z": [peak_z], "y": [peak_value], "label": [peak_label]})
    peak_point = alt.Chart(peak).mark_point(filled=True, size=200, color=PALETTE[1], stroke="black").encode(
        x="z:Q", y="y:Q", tooltip=[alt.Tooltip("label:N", title=derivative_label)]
    )
    peak_text = alt.Chart(peak).mark_text(align="left" if peak_z < 4 else "right", dx=12 if peak_z < 4 else -12, dy=-14, fontSize=FONT_SIZE, fontWeight="bold").encode(
        x="z:Q", y="y:Q", text="label:N"
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#999").encode(y="y:Q")
    return style(alt.layer(zero, lines, peak_point, peak_text), _title(title))


def distribution_chart(probe: pd.DataFrame, *, title: str, subtitle: str, x_title: str, y_title: str, band_outer: str, band_inner: str, median: str) -> alt.Chart:
    """Per-layer activation quantiles: 5-95% band, 25-75% band, median."""
    x = _layer_axis(probe["layer"], x_title)
    tooltip = [
        alt.Tooltip("layer:Q", title=x_title),
        alt.Tooltip("act_q05:Q", title="5%", format=".3f"),
        alt.Tooltip("act_q25:Q", title="25%", format=".3f"),
        alt.Tooltip("act_q50:Q", title=median, format=".3f"),
        alt.Tooltip("act_q75:Q", title="75%", format=".3f"),
        alt.Tooltip("act_q95:Q", title="95%", format=".3f"),
    ]
    base = alt.Chart(probe)
    outer = base.mark_area(opacity=0.25, color=PALETTE[0]).encode(x=x, y=alt.Y("act_q05:Q", title=y_title), y2="act_q95:Q", tooltip=tooltip)
    inner = base.mark_area(opacity=0.45, color=PALETTE[0]).encode(x=x, y="act_q25:Q", y2="act_q75:Q", tooltip=tooltip)
    mid = base.mark_line(strokeWidth=3, color="#000").encode(x=x, y="act_q50:Q", tooltip=tooltip)
    legend = pd.DataFrame({"band": [band_outer, band_inner, median]})
    key = alt.Chart(legend).mark_point(size=0, opacity=0).encode(
        color=alt.Color("band:N", title=None, scale=alt.Scale(domain=list(legend["band"]), range=["#B3D1E6", "#6AA4CC", "#000000"]),
                        legend=alt.Legend(symbolType="square", symbolOpacity=1, symbolSize=220))
    )
    return style(alt.layer(outer, inner, mid, key), _title(title, subtitle))


def bar_by_layer(frame: pd.DataFrame, y: str, *, title: str, subtitle: str | None, x_title: str, y_title: str, log: bool = False, percent: bool = False, color: str = PALETTE[0], height: int = HEIGHT, empty_text: str | None = None) -> alt.Chart:
    """One bar per layer, on a log axis if `log` (bars of exactly 0 cannot be
    drawn there and are left out). When every value is 0, `empty_text` is
    written across the chart so that it does not look broken."""
    data = frame[["layer", y]].copy()
    y_axis = alt.Axis(format="%" if percent else ("~e" if log else "~g"))
    encoding = dict(
        x=alt.X("layer:O", title=x_title, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        tooltip=[alt.Tooltip("layer:O", title=x_title), alt.Tooltip(f"{y}:Q", title=y_title, format=".1%" if percent else ".3~e")],
    )
    if log:
        # A bar from 0 cannot be drawn on a log axis: start the bars at the
        # axis floor, a factor 10 below the smallest positive value.
        low, high = _log_bounds(data[y])
        encoding["y"] = alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(type="log", domain=[low, high]), axis=_log_axis(low, high))
        encoding["y2"] = alt.Y2Datum(low)
        data = data[data[y] > 0]
    else:
        encoding["y"] = alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(domain=[0, 1]) if percent else alt.Undefined, axis=y_axis)
    chart = alt.Chart(data).mark_bar(color=color, opacity=0.9).encode(**encoding)
    if empty_text and not (frame[y] > 0).any():
        note = alt.Chart(pd.DataFrame({"text": [empty_text]})).mark_text(fontSize=FONT_SIZE + 2, color="#333").encode(
            text="text:N", x=alt.value(alt.ExprRef("width / 2")), y=alt.value(alt.ExprRef("height / 2"))
        )
        chart = alt.layer(chart, note)
    return style(chart, _title(title, subtitle), height=height)


def training_chart(
    frame: pd.DataFrame,
    *,
    y: str,
    run: str,
    title: str,
    subtitle: str | None,
    x_title: str,
    y_title: str,
    run_title: str,
    events: pd.DataFrame | None = None,
    log: bool = True,
    rules: pd.DataFrame | None = None,
    x_max: int | None = None,
    dashed: list[str] = (),
) -> alt.Chart:
    """Curves of `y` over `step`, one per `run`. `events` (step, run, label)
    draws a labelled vertical rule at each overflow; `rules` (value, label)
    draws labelled horizontal reference lines (a clip threshold, a baseline).
    `x_max` fixes the step axis (a streaming chart does not rescale as it
    grows); runs named in `dashed` are drawn dashed."""
    names = list(dict.fromkeys(frame[run])) + ([] if events is None else [r for r in events[run] if r not in set(frame[run])])
    # A legend with one entry says nothing the title does not.
    color = alt.Color(f"{run}:N", title=run_title, scale=alt.Scale(domain=names, range=PALETTE[: len(names)]), legend=None if len(names) == 1 else alt.Undefined)
    data = frame[np.isfinite(frame[y].astype(float))]
    if log:
        data = data[data[y] > 0]
    if log and not data.empty:
        low, high = float(data[y].min()), float(data[y].max())
        if rules is not None and not rules.empty:
            low, high = min(low, float(rules["value"].min())), max(high, float(rules["value"].max()))
        low, high = low / 1.5, high * 1.5
        y_enc = alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(type="log", domain=[low, high]), axis=_log_axis(low, high))
    else:
        y_enc = alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=False), axis=alt.Axis(format="~g"))
    steps = pd.concat([frame["step"], events["step"] if events is not None else pd.Series(dtype=float)])
    last_step = float(x_max) if x_max is not None else float(steps.max()) if len(steps) else 1.0
    x_enc = alt.X("step:Q", title=x_title, scale=alt.Scale(domain=[1.0, max(last_step, 2.0)], nice=False))
    dash = alt.StrokeDash(f"{run}:N", scale=alt.Scale(domain=names, range=[[7, 5] if name in dashed else [1, 0] for name in names]), legend=None)
    layers = [
        alt.Chart(data).mark_line(strokeWidth=3 if len(data) <= 2000 else 2).encode(
            x=x_enc, y=y_enc, color=color, strokeDash=dash,
            tooltip=[alt.Tooltip(f"{run}:N", title=run_title), alt.Tooltip("step:Q", title=x_title), alt.Tooltip(f"{y}:Q", title=y_title, format=".4~e")],
        )
    ]
    if rules is not None and not rules.empty:
        layers.append(alt.Chart(rules).mark_rule(strokeDash=[6, 4], strokeWidth=2, color="#555").encode(y="value:Q", tooltip=["label:N"]))
        layers.append(
            alt.Chart(rules).mark_text(align="right", dy=-9, fontSize=FONT_SIZE - 2, color="#333").encode(
                y="value:Q", x=alt.value("width"), text="label:N"
            )
        )
    if events is not None and not events.empty:
        layers.append(
            alt.Chart(events).mark_rule(strokeWidth=3, color=EVENT_COLOR).encode(x="step:Q", tooltip=[alt.Tooltip(f"{run}:N", title=run_title), "label:N"])
        )
        layers.append(
            alt.Chart(events).mark_text(align="left", dx=6, dy=10, fontSize=FONT_SIZE - 1, fontWeight="bold", color=EVENT_COLOR).encode(
                x="step:Q", y=alt.value(0), text="label:N"
            )
        )
    return style(alt.layer(*layers), _title(title, subtitle))


def power_chart(frame: pd.DataFrame, *, title: str, subtitle: str | None, x_title: str, y_title: str, series_title: str, dashed: list[str]) -> alt.Chart:
    """||W^k x|| against k (log axis) with its theory lines dashed."""
    return gradient_flow_chart(
        frame, x="k", y="value", series="series", title=title, subtitle=subtitle, x_title=x_title, y_title=y_title,
        series_title=series_title, dashed=dashed, underflow_text="0", overflow_text="inf", value_title=y_title,
    )


def residual_diagram(input_label: str, branch_label: str, scale_label: str, shortcut_label: str) -> str:
    """Graphviz DOT of a residual block: x -> F -> x alpha -> (+) <- shortcut."""
    return f"""digraph {{
  rankdir=TB; bgcolor="transparent"; nodesep=0.6;
  node [fontname="Helvetica", fontsize=15, shape=box, style="rounded,filled", fillcolor="#E8F1F8", color="{PALETTE[0]}"];
  edge [color="#333333", penwidth=1.6, fontname="Helvetica", fontsize=14];
  x [label="{input_label}", shape=circle, fillcolor="#FFFFFF"];
  f [label="{branch_label}"];
  a [label="{scale_label}", shape=box, fillcolor="#FDF0DC", color="{PALETTE[1]}"];
  plus [label="+", shape=circle, fillcolor="#FFFFFF", fontsize=20];
  y [label="y", shape=circle, fillcolor="#FFFFFF"];
  x -> f -> a -> plus;
  x -> plus [label="{shortcut_label}", color="{PALETTE[2]}", fontcolor="{PALETTE[2]}", penwidth=2.5];
  plus -> y;
}}"""


def phase_chart(grid: pd.DataFrame, boundary: pd.DataFrame, *, title: str, subtitle: str, x_title: str, y_title: str, color_title: str, theory_title: str, boundary_label: str, limit: float = 6.0) -> alt.Chart:
    """Heat map of the measured log10 gradient ratio over (sigma_w, sigma_b),
    diverging around 0 (blue: vanishing, orange: exploding; clamped at
    +-`limit` decades), with the theory's chi_1 = 1 line drawn on top."""
    step_w = float(np.diff(np.unique(grid["sigma_w"])).min()) if grid["sigma_w"].nunique() > 1 else 1.0
    step_b = float(np.diff(np.unique(grid["sigma_b"])).min()) if grid["sigma_b"].nunique() > 1 else 1.0
    cells = grid.assign(
        w0=grid["sigma_w"] - step_w / 2, w1=grid["sigma_w"] + step_w / 2,
        b0=grid["sigma_b"] - step_b / 2, b1=grid["sigma_b"] + step_b / 2,
        shown=grid["log10_ratio"].clip(-limit, limit).fillna(-limit),
    )
    x_scale = alt.Scale(domain=[float(cells["w0"].min()), float(cells["w1"].max())], nice=False)
    y_scale = alt.Scale(domain=[float(cells["b0"].min()), float(cells["b1"].max())], nice=False)
    heat = alt.Chart(cells).mark_rect().encode(
        x=alt.X("w0:Q", title=x_title, scale=x_scale), x2="w1", y=alt.Y("b0:Q", title=y_title, scale=y_scale), y2="b1",
        color=alt.Color("shown:Q", title=color_title, scale=alt.Scale(scheme="blueorange", domain=[-limit, limit], domainMid=0),
                        legend=alt.Legend(orient="right", direction="vertical", gradientLength=260)),
        tooltip=[alt.Tooltip("sigma_w:Q", title=x_title), alt.Tooltip("sigma_b:Q", title=y_title),
                 alt.Tooltip("log10_ratio:Q", title=color_title, format=".2f"), alt.Tooltip("theory_log10_ratio:Q", title=theory_title, format=".2f"),
                 alt.Tooltip("chi1:Q", title="χ₁", format=".3f")],
    )
    line_data = boundary[np.isfinite(boundary["sigma_w"])].assign(label=boundary_label)
    line = alt.Chart(line_data).mark_line(color="black", strokeWidth=4, strokeDash=[10, 5]).encode(
        x=alt.X("sigma_w:Q", scale=x_scale), y=alt.Y("sigma_b:Q", scale=y_scale), order="sigma_b:Q",
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("sigma_w:Q", format=".3f"), alt.Tooltip("sigma_b:Q", format=".2f")],
    )
    label = alt.Chart(line_data.tail(1)).mark_text(align="left", dx=10, dy=14, fontSize=FONT_SIZE, fontWeight="bold", color="black").encode(
        x=alt.X("sigma_w:Q", scale=x_scale), y=alt.Y("sigma_b:Q", scale=y_scale), text="label:N"
    )
    return style(alt.layer(heat, line, label), _title(title, subtitle, FULL_WIDTH_CHARS))


# Columns the charts add for drawing only; not part of the data a reader downloads.
DRAWING_COLUMNS = ["plot_value", "is_theory", "w0", "w1", "b0", "b1", "shown"]


def parts(chart) -> list:
    """The chart and every layer inside it, outermost first."""
    found, stack = [], [chart]
    while stack:
        part = stack.pop(0)
        found.append(part)
        stack.extend(getattr(part, "layer", None) or [])
    return found


def chart_data(chart) -> pd.DataFrame:
    """Every table a chart draws (all layers), stacked, without the drawing-only columns."""
    tables, seen = [], set()
    for part in parts(chart):
        data = getattr(part, "data", None)
        if isinstance(data, pd.DataFrame) and id(data) not in seen and not data.empty:
            seen.add(id(data))
            tables.append(data)
    if not tables:
        return pd.DataFrame()
    stacked = pd.concat(tables, ignore_index=True)
    return stacked.drop(columns=[c for c in DRAWING_COLUMNS if c in stacked.columns])
