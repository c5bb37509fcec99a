"""Every chart of the app, built in one place.

Charts take tidy pandas frames and labels (already translated) and return a
Figure: the Vega-Lite spec of an Altair chart styled for a projector (large
fonts, a colour-blind-safe palette (Okabe & Ito), a title, axis titles and
tooltips on every mark) and the tables it draws.

Log axes cannot show 0 or inf, and this domain produces both: values that
underflowed to exactly 0 are drawn at the bottom edge as red down-triangles,
values that overflowed (inf/NaN) at the top edge as red up-triangles, each
with a tooltip that says so. Nothing is dropped silently.
"""

from __future__ import annotations

import functools
import textwrap
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Callable

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
    call deep-copies the whole chart."""
    scale = _font_scale.get()
    # Canvas, not SVG: redrawing new data on a canvas leaves the page's
    # layout alone; about 10% off a Vanishing slider move (benchmarks/README.md).
    chart = chart.properties(title=title, height=round(height * min(scale, 1.15)), width="container", usermeta={"embedOptions": {"renderer": "canvas"}})
    chart.config = _config(scale)
    return chart


HALF_WIDTH_CHARS = 50  # subtitle characters per line on a half-width chart
FULL_WIDTH_CHARS = 110  # ... and on a full-width one


def _title(title: str, subtitle: str | None = None, wrap: int = HALF_WIDTH_CHARS) -> alt.TitleParams:
    # Vega truncates a long subtitle with an ellipsis: wrap it into lines
    # that fit the chart instead.
    return alt.TitleParams(title, subtitle=textwrap.wrap(subtitle, wrap) if subtitle else [])


# Columns the charts add for drawing only; not part of the data a reader downloads.
DRAWING_COLUMNS = ["plot_value", "floor", "w0", "w1", "b0", "b1", "shown"]


@dataclass(frozen=True)
class Figure:
    """A chart: its Vega-Lite spec, which refers to its tables by name, and
    the tables.

    The spec holds no value computed from the tables: axis ranges come from
    the data (the invisible `_extent` table gives them their margins) and
    ticks from Vega. So the spec stays the same while a slider changes the
    tables, and Streamlit's frontend swaps the tables of the drawn chart in
    place instead of embedding a new one (benchmarks/README.md). Specs are
    cached and shared: do not modify one."""

    spec: dict
    tables: dict[str, pd.DataFrame]

    @property
    def title(self) -> str:
        return str(self.spec.get("title", {}).get("text", "chart"))

    def data(self) -> pd.DataFrame:
        """Every table a reader would download, stacked, without the drawing-only tables (named _...) and columns."""
        tables = [table for name, table in self.tables.items() if not name.startswith("_") and not table.empty]
        if not tables:
            return pd.DataFrame()
        stacked = pd.concat(tables, ignore_index=True)
        return stacked.drop(columns=[c for c in DRAWING_COLUMNS if c in stacked.columns])


_templates: list = []


def to_vega_lite(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite dict, without Altair's schema validation, which
    doubles the cost (tests/test_charts.py validates every template)."""
    return chart.to_dict(validate=False)


def _template(build: Callable[..., alt.TopLevelMixin]) -> Callable[..., dict]:
    """Cache `build` (labels and flags, positional and hashable, to an Altair
    chart over named tables) as its Vega-Lite dict per font scale: building
    and converting an Altair chart costs 20-50 ms; filling its tables, 1-5."""

    @functools.lru_cache(maxsize=256)
    def cached(scale: float, *args) -> dict:  # `scale` keys the cache; style() reads it from the context
        return to_vega_lite(build(*args))

    @functools.wraps(build)
    def spec(*args) -> dict:
        return cached(font_scale(), *args)

    _templates.append(cached)
    return spec


def clear_templates() -> None:
    for cached in _templates:
        cached.cache_clear()


def _table(name: str) -> alt.Chart:
    return alt.Chart(alt.NamedData(name=name))


def _extent(x: alt.X | None, y: alt.Y) -> alt.Chart:
    """Invisible points at the corners of the plotting range (table `_extent`)."""
    return _table("_extent").mark_point(opacity=0, size=0).encode(**(dict(y=y) if x is None else dict(x=x, y=y)))


def _extent_table(y: str, low: float, high: float, x: str | None = None, x_low: float = 0.0, x_high: float = 0.0) -> pd.DataFrame:
    table = pd.DataFrame({y: [low, high]})
    if x is not None:
        table[x] = [x_low, x_high]
    return table


def _decades(low: float, high: float, most: int = 9) -> list[float]:
    """Tick values 10^k covering [low, high], thinned to at most `most`
    ticks: a log axis labelled only at powers of ten reads at a glance."""
    first, last = int(np.floor(np.log10(low))), int(np.ceil(np.log10(high)))
    if last - first <= 2:  # a decade or two: 1, 2, 5 of each decade
        return [m * 10.0**k for k in range(first, last + 1) for m in (1, 2, 5) if low <= m * 10.0**k <= high]
    step = next(step for step in (1, 2, 5, 10, 20, 50, 100, 200) if (last - first + 1) / step <= most)
    # Exponents that are multiples of a round step (1e-10, 1e-5, 1) read at a glance.
    return [10.0**k for k in range(-(-first // step) * step, last + 1, step)]


def _log_ticks(low: float, high: float) -> pd.DataFrame:
    """The ticks of a log axis over [low, high] (table `_ticks`, which the
    axis reads through a Vega expression) and their number format: plain
    numbers (0.2, 0.5, 1) over a few decades, 1e-8 over many."""
    return pd.DataFrame({"tick": _decades(low, high), "format": "~e" if np.log10(high / low) > 2 else "~g"})


def _log_y(field: str, title: str) -> alt.Y:
    axis = alt.Axis(values=alt.ExprRef("pluck(data('_ticks'), 'tick')"), labelExpr="format(datum.value, data('_ticks')[0].format)")
    return alt.Y(f"{field}:Q", title=title, scale=alt.Scale(type="log", nice=False), axis=axis)


def _ticks() -> alt.Chart:
    """An empty layer over the `_ticks` table: Vega-Lite compiles only the tables a layer draws."""
    return _table("_ticks").mark_point(opacity=0, size=0)


LAYER_MARGIN = 0.5  # half a layer before the first and after the last


def _layer_x(field: str, title: str) -> alt.X:
    """Integer layer axis over the data's layers and half a layer either
    side (from the `_extent` table): it starts at the first layer, not at 0,
    and no tick falls outside the layers drawn."""
    return alt.X(f"{field}:Q", title=title, scale=alt.Scale(zero=False, nice=False), axis=alt.Axis(tickMinStep=1, format="d"))


def _log_bounds(values: pd.Series, margin: float = 10.0) -> tuple[float, float]:
    """The log axis's range: the finite positive values' range widened by
    `margin` each way (room for the edge markers)."""
    finite = values[np.isfinite(values) & (values > 0)]
    if finite.empty:
        return 1e-3, 1e3
    return float(finite.min()) / margin, float(finite.max()) * margin


def split_events(
    frame: pd.DataFrame, column: str, underflow_text: str, overflow_text: str, low: float, high: float, zero_text_column: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(plottable rows, event rows) for a log axis over [low, high].

    Event rows (value == 0, or non-finite) get `plot_value` at the axis
    edge and an `event` text: `underflow_text` for a 0, or the row's own
    text in `zero_text_column` when given (e.g. why it is 0); plottable
    rows keep their value.
    """
    values = frame[column].astype(float)
    frame = frame.assign(plot_value=values)
    underflow = values == 0
    overflow = ~np.isfinite(values)
    events = frame[underflow | overflow].copy()
    zero_text = events[zero_text_column].fillna(underflow_text) if zero_text_column else underflow_text
    events["plot_value"] = np.where(events[column] == 0, low, high)
    events["event"] = np.where(events[column] == 0, zero_text, overflow_text)
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
    zero_text_column: str | None = None,
) -> Figure:
    """Lines of `y` (log axis) against `x`, one per `series`; series named
    in `dashed` (theory, bounds, "before") are drawn dashed without points.
    `color_by`: colour by this column instead (e.g. the cell), so that a
    dashed and a solid series of the same thing share a colour.
    `zero_text_column`: a column with each row's marker text for an exact 0
    (why it is 0), instead of `underflow_text` for all."""
    low, high = _log_bounds(frame[y].astype(float))
    plottable, events = split_events(frame, y, underflow_text, overflow_text, low, high, zero_text_column)
    is_theory = plottable[series].isin(dashed)
    color_field = color_by or series
    # Zeros are drawn at the bottom edge pointing down, overflow at the top pointing up.
    zero_texts = list(dict.fromkeys(events.loc[events[y] == 0, "event"]))
    shapes = tuple((text, "triangle-down") for text in zero_texts) + ((overflow_text, "triangle-up"),) * bool((events[y] != 0).any())
    spec = _gradient_flow_spec(
        x, y, series, color_field, tuple(dict.fromkeys(frame[color_field])), color_by is None, frame[x].nunique() <= 60, shapes,
        title, subtitle, wrap, x_title, y_title, series_title, value_title,
    )
    tables = {
        "measured": plottable[~is_theory], "theory": plottable[is_theory],
        "_extent": _extent_table("plot_value", low, high, x, frame[x].min() - LAYER_MARGIN, frame[x].max() + LAYER_MARGIN),
        "_ticks": _log_ticks(low, high),
    }
    if shapes:
        tables["events"] = events
    return Figure(spec, tables)


@_template
def _gradient_flow_spec(x, y, series, color_field, names, color_legend, points, shapes, title, subtitle, wrap, x_title, y_title, series_title, value_title):
    color = alt.Color(f"{color_field}:N", title=series_title if color_legend else None, scale=alt.Scale(domain=list(names), range=PALETTE[: len(names)]))
    detail = alt.Detail(f"{series}:N")
    tooltip = [
        alt.Tooltip(f"{series}:N", title=series_title),
        alt.Tooltip(f"{x}:Q", title=x_title),
        alt.Tooltip(f"{y}:Q", title=value_title, format=".4~e"),
    ]
    y_enc, x_enc = _log_y("plot_value", y_title), _layer_x(x, x_title)
    measured = _table("measured")
    # Points mark each measured layer; past ~60 they only clutter the line,
    # and are left out rather than drawn at size 0 (Vega re-encodes every
    # item and its tooltip on each update, seen or not).
    measured_layers = [measured.mark_line(strokeWidth=3).encode(x=x_enc, y=y_enc, color=color, detail=detail, tooltip=tooltip)]
    if points:
        measured_layers.append(measured.mark_point(filled=True, size=70).encode(x=x_enc, y=y_enc, color=color, tooltip=tooltip))
    # Theory is drawn last and dashed, so that where it agrees exactly with
    # the measurement (w^L, the matrix powers) both stay visible.
    theory = _table("theory").mark_line(strokeWidth=3, strokeDash=[8, 6]).encode(x=x_enc, y=y_enc, color=color, detail=detail, tooltip=tooltip)
    layers = [_extent(x_enc, y_enc), _ticks(), *measured_layers, theory]
    if shapes:
        layers.append(
            _table("events")
            .mark_point(filled=True, size=220, color=EVENT_COLOR)
            .encode(
                x=x_enc,
                y=y_enc,
                shape=alt.Shape("event:N", title=None, scale=alt.Scale(domain=[text for text, _ in shapes], range=[shape for _, shape in shapes])),
                tooltip=[alt.Tooltip(f"{series}:N", title=series_title), alt.Tooltip(f"{x}:Q", title=x_title), alt.Tooltip("event:N", title=value_title)],
            )
        )
    layered = alt.layer(*layers)
    layered.resolve = alt.Resolve(scale=alt.ScaleResolveMap(shape="independent"))
    return style(layered, _title(title, subtitle, wrap))


def activation_chart(curve: pd.DataFrame, peak_z: float, peak_value: float, *, title: str, value_label: str, derivative_label: str, peak_label: str, x_title: str, y_title: str) -> Figure:
    """phi(z) and phi'(z), with the derivative's maximum marked and labelled."""
    long = pd.concat(
        [
            pd.DataFrame({"z": curve["z"], "y": curve["value"], "curve": value_label}),
            pd.DataFrame({"z": curve["z"], "y": curve["derivative"], "curve": derivative_label}),
        ]
    )
    peak = pd.DataFrame({"z": [peak_z], "y": [peak_value], "label": [peak_label]})
    spec = _activation_spec(peak_z < 4, title, value_label, derivative_label, x_title, y_title)
    return Figure(spec, {"curves": long, "peak": peak, "_zero": pd.DataFrame({"y": [0.0]})})


@_template
def _activation_spec(label_right, title, value_label, derivative_label, x_title, y_title):
    color = alt.Color("curve:N", title=None, scale=alt.Scale(domain=[value_label, derivative_label], range=PALETTE[:2]))
    tooltip = [alt.Tooltip("curve:N", title=" "), alt.Tooltip("z:Q", format=".2f"), alt.Tooltip("y:Q", title=y_title, format=".4f")]
    lines = _table("curves").mark_line(strokeWidth=3).encode(
        x=alt.X("z:Q", title=x_title), y=alt.Y("y:Q", title=y_title), color=color, tooltip=tooltip
    )
    peak = _table("peak")
    peak_point = peak.mark_point(filled=True, size=200, color=PALETTE[1], stroke="black").encode(
        x="z:Q", y="y:Q", tooltip=[alt.Tooltip("label:N", title=derivative_label)]
    )
    peak_text = peak.mark_text(align="left" if label_right else "right", dx=12 if label_right else -12, dy=-14, fontSize=FONT_SIZE, fontWeight="bold").encode(
        x="z:Q", y="y:Q", text="label:N"
    )
    zero = _table("_zero").mark_rule(color="#999").encode(y="y:Q")
    return style(alt.layer(zero, lines, peak_point, peak_text), _title(title))


def distribution_chart(probe: pd.DataFrame, *, title: str, subtitle: str, x_title: str, y_title: str, band_outer: str, band_inner: str, median: str) -> Figure:
    """Per-layer activation quantiles: 5-95% band, 25-75% band, median."""
    spec = _distribution_spec(title, subtitle, x_title, y_title, band_outer, band_inner, median)
    middle = float(probe["act_q50"].iloc[0]) if len(probe) else 0.0  # any value inside the y range
    extent = _extent_table("act_q50", middle, middle, "layer", probe["layer"].min() - LAYER_MARGIN, probe["layer"].max() + LAYER_MARGIN)
    return Figure(spec, {"probe": probe, "_legend": pd.DataFrame({"band": [band_outer, band_inner, median]}), "_extent": extent})


@_template
def _distribution_spec(title, subtitle, x_title, y_title, band_outer, band_inner, median):
    x = _layer_x("layer", x_title)
    tooltip = [
        alt.Tooltip("layer:Q", title=x_title),
        alt.Tooltip("act_q05:Q", title="5%", format=".3f"),
        alt.Tooltip("act_q25:Q", title="25%", format=".3f"),
        alt.Tooltip("act_q50:Q", title=median, format=".3f"),
        alt.Tooltip("act_q75:Q", title="75%", format=".3f"),
        alt.Tooltip("act_q95:Q", title="95%", format=".3f"),
    ]
    base = _table("probe")
    outer = base.mark_area(opacity=0.25, color=PALETTE[0]).encode(x=x, y=alt.Y("act_q05:Q", title=y_title), y2="act_q95:Q", tooltip=tooltip)
    inner = base.mark_area(opacity=0.45, color=PALETTE[0]).encode(x=x, y="act_q25:Q", y2="act_q75:Q", tooltip=tooltip)
    mid = base.mark_line(strokeWidth=3, color="#000").encode(x=x, y="act_q50:Q", tooltip=tooltip)
    extent = _extent(x, alt.Y("act_q50:Q", title=y_title))
    key = _table("_legend").mark_point(size=0, opacity=0).encode(
        color=alt.Color("band:N", title=None, scale=alt.Scale(domain=[band_outer, band_inner, median], range=["#B3D1E6", "#6AA4CC", "#000000"]),
                        legend=alt.Legend(symbolType="square", symbolOpacity=1, symbolSize=220))
    )
    return style(alt.layer(extent, outer, inner, mid, key), _title(title, subtitle))


def bar_by_layer(frame: pd.DataFrame, y: str, *, title: str, subtitle: str | None, x_title: str, y_title: str, log: bool = False, percent: bool = False, color: str = PALETTE[0], height: int = HEIGHT, empty_text: str | None = None) -> Figure:
    """One bar per layer, on a log axis if `log` (bars of exactly 0 cannot be
    drawn there and are left out). When every value is 0, `empty_text` is
    written across the chart so that it does not look broken."""
    data = frame[["layer", y]].copy()
    tables = {}
    if log:
        # A bar from 0 cannot be drawn on a log axis: start the bars at the
        # axis floor, a factor 10 below the smallest positive value.
        low, high = _log_bounds(data[y])
        data = data[data[y] > 0].assign(floor=low)
        tables["_extent"], tables["_ticks"] = _extent_table(y, low, high), _log_ticks(low, high)
    tables["bars"] = data
    empty = bool(empty_text) and not (frame[y] > 0).any()
    if empty:
        tables["_note"] = pd.DataFrame({"text": [empty_text]})
    return Figure(_bar_spec(y, log, percent, color, height, empty, title, subtitle, x_title, y_title), tables)


@_template
def _bar_spec(y, log, percent, color, height, note, title, subtitle, x_title, y_title):
    encoding = dict(
        x=alt.X("layer:O", title=x_title, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        tooltip=[alt.Tooltip("layer:O", title=x_title), alt.Tooltip(f"{y}:Q", title=y_title, format=".1%" if percent else ".3~e")],
    )
    layers = []
    if log:
        encoding["y"] = _log_y(y, y_title)
        encoding["y2"] = alt.Y2("floor:Q")
        layers += [_extent(None, encoding["y"]), _ticks()]
    else:
        encoding["y"] = alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(domain=[0, 1]) if percent else alt.Undefined, axis=alt.Axis(format="%" if percent else "~g"))
    layers.append(_table("bars").mark_bar(color=color, opacity=0.9).encode(**encoding))
    if note:
        layers.append(
            _table("_note").mark_text(fontSize=FONT_SIZE + 2, fontWeight="bold", color=color).encode(
                text="text:N", x=alt.value(alt.ExprRef("width / 2")), y=alt.value(alt.ExprRef("height / 2"))
            )
        )
    return style(alt.layer(*layers) if len(layers) > 1 else layers[0], _title(title, subtitle), height=height)


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
    y_max: float | None = None,
) -> Figure:
    """Curves of `y` over `step`, one per `run`. `events` (step, run, label)
    draws a labelled vertical rule at each overflow; `rules` (value, label)
    draws labelled horizontal reference lines (a clip threshold, a baseline).
    `x_max` fixes the step axis (a streaming chart does not rescale as it
    grows); runs named in `dashed` are drawn dashed. `y_max` (linear axis
    only) fixes the axis to [0, y_max] and cuts the lines at its top: a
    diverging run leaves through the top instead of squashing the others."""
    names = list(dict.fromkeys(frame[run])) + ([] if events is None else [r for r in events[run] if r not in set(frame[run])])
    data = frame[np.isfinite(frame[y].astype(float))]
    if log:
        data = data[data[y] > 0]
    log = log and not data.empty
    steps = pd.concat([frame["step"], events["step"] if events is not None else pd.Series(dtype=float)])
    last_step = float(x_max) if x_max is not None else float(steps.max()) if len(steps) else 1.0
    if log:
        low, high = float(data[y].min()), float(data[y].max())
        if rules is not None and not rules.empty:
            low, high = min(low, float(rules["value"].min())), max(high, float(rules["value"].max()))
        low, high = low / 1.5, high * 1.5
    else:  # the step range only: the y axis fits the data
        low = high = float(data[y].iloc[0]) if not data.empty else 0.0
    tables = {"_extent": _extent_table(y, low, high, "step", 1.0, max(last_step, 2.0)), "runs": data}
    if log:
        tables["_ticks"] = _log_ticks(low, high)
    has_rules, has_events = rules is not None and not rules.empty, events is not None and not events.empty
    if has_rules:
        tables["rules"] = rules
    if has_events:
        tables["events"] = events
    y_max = None if log else y_max
    spec = _training_spec(y, run, tuple(names), tuple(dashed), log, len(data) <= 2000, has_rules, has_events, title, subtitle, x_title, y_title, run_title, y_max)
    return Figure(spec, tables)


@_template
def _training_spec(y, run, names, dashed, log, thick, has_rules, has_events, title, subtitle, x_title, y_title, run_title, y_max=None):
    # A legend with one entry says nothing the title does not.
    legend = None if len(names) == 1 else alt.Undefined
    color = alt.Color(f"{run}:N", title=run_title, scale=alt.Scale(domain=list(names), range=PALETTE[: len(names)]), legend=legend)
    linear_scale = alt.Scale(zero=False) if y_max is None else alt.Scale(domain=[0, y_max], nice=False)
    y_enc = _log_y(y, y_title) if log else alt.Y(f"{y}:Q", title=y_title, scale=linear_scale, axis=alt.Axis(format="~g"))
    x_enc = alt.X("step:Q", title=x_title, scale=alt.Scale(zero=False, nice=False))
    dash = alt.StrokeDash(f"{run}:N", scale=alt.Scale(domain=list(names), range=[[7, 5] if name in dashed else [1, 0] for name in names]), legend=legend)
    # One legend for colour and dash: Vega-Lite merges them, and a hidden dash legend hid the colours' too.
    layers = [
        _extent(x_enc, y_enc),
        *([_ticks()] if log else []),
        _table("runs").mark_line(strokeWidth=3 if thick else 2, clip=y_max is not None).encode(
            x=x_enc, y=y_enc, color=color, strokeDash=dash,
            tooltip=[alt.Tooltip(f"{run}:N", title=run_title), alt.Tooltip("step:Q", title=x_title), alt.Tooltip(f"{y}:Q", title=y_title, format=".4~e")],
        ),
    ]
    if has_rules:
        rules = _table("rules")
        layers.append(rules.mark_rule(strokeDash=[6, 4], strokeWidth=2, color="#555").encode(y=alt.Y("value:Q", title=y_title), tooltip=["label:N"]))
        layers.append(
            rules.mark_text(align="right", dy=-9, fontSize=FONT_SIZE - 2, color="#333").encode(
                y=alt.Y("value:Q", title=y_title), x=alt.value("width"), text="label:N"
            )
        )
    if has_events:
        events = _table("events")
        layers.append(
            events.mark_rule(strokeWidth=3, color=EVENT_COLOR).encode(x=alt.X("step:Q", title=x_title), tooltip=[alt.Tooltip(f"{run}:N", title=run_title), "label:N"])
        )
        layers.append(
            events.mark_text(align="left", dx=6, dy=10, fontSize=FONT_SIZE - 1, fontWeight="bold", color=EVENT_COLOR).encode(
                x=alt.X("step:Q", title=x_title), y=alt.value(0), text="label:N"
            )
        )
    return style(alt.layer(*layers), _title(title, subtitle))


def power_chart(frame: pd.DataFrame, *, title: str, subtitle: str | None, x_title: str, y_title: str, series_title: str, dashed: list[str]) -> Figure:
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


def phase_chart(grid: pd.DataFrame, boundary: pd.DataFrame, *, title: str, subtitle: str, x_title: str, y_title: str, color_title: str, theory_title: str, boundary_label: str, finite_label: str, limit: float = 6.0) -> Figure:
    """Heat map of the measured log10 gradient ratio over (sigma_w, sigma_b),
    diverging around 0 (blue: vanishing, orange: exploding; clamped at
    +-`limit` decades), with theory's two boundaries on top (core.phase.
    critical_lines): chi_1 = 1 thick and dashed, labelled `boundary_label`
    at its top end; the finite-depth line thin and solid, labelled
    `finite_label` at its bottom end (where the two are farthest apart)."""
    step_w = float(np.diff(np.unique(grid["sigma_w"])).min()) if grid["sigma_w"].nunique() > 1 else 1.0
    step_b = float(np.diff(np.unique(grid["sigma_b"])).min()) if grid["sigma_b"].nunique() > 1 else 1.0
    cells = grid.assign(
        w0=grid["sigma_w"] - step_w / 2, w1=grid["sigma_w"] + step_w / 2,
        b0=grid["sigma_b"] - step_b / 2, b1=grid["sigma_b"] + step_b / 2,
        shown=grid["log10_ratio"].clip(-limit, limit).fillna(-limit),
    )
    line = boundary[np.isfinite(boundary["sigma_w"])]
    line = line.assign(label=np.where(line["line"] == "asymptotic", boundary_label, finite_label))
    asymptotic, finite = line[line["line"] == "asymptotic"], line[line["line"] != "asymptotic"]
    tables = {"boundary": line, "_label": asymptotic.tail(1), "_finite_label": finite.head(1)}
    return Figure(_phase_spec(limit, title, subtitle, x_title, y_title, color_title, theory_title), {"cells": cells} | tables)


@_template
def _phase_spec(limit, title, subtitle, x_title, y_title, color_title, theory_title):
    x_scale, y_scale = alt.Scale(zero=False, nice=False), alt.Scale(zero=False, nice=False)
    heat = _table("cells").mark_rect().encode(
        x=alt.X("w0:Q", title=x_title, scale=x_scale), x2="w1", y=alt.Y("b0:Q", title=y_title, scale=y_scale), y2="b1",
        color=alt.Color("shown:Q", title=color_title, scale=alt.Scale(scheme="blueorange", domain=[-limit, limit], domainMid=0),
                        legend=alt.Legend(orient="right", direction="vertical", gradientLength=260)),
        tooltip=[alt.Tooltip("sigma_w:Q", title=x_title), alt.Tooltip("sigma_b:Q", title=y_title),
                 alt.Tooltip("log10_ratio:Q", title=color_title, format=".2f"), alt.Tooltip("theory_log10_ratio:Q", title=theory_title, format=".2f"),
                 alt.Tooltip("chi1:Q", title="χ₁", format=".3f")],
    )
    x, y = alt.X("sigma_w:Q", title=x_title, scale=x_scale), alt.Y("sigma_b:Q", title=y_title, scale=y_scale)
    tooltip = [alt.Tooltip("label:N", title=" "), alt.Tooltip("sigma_w:Q", format=".3f"), alt.Tooltip("sigma_b:Q", format=".2f")]
    boundary = _table("boundary")
    # Finite-depth line under the dashed chi_1 = 1 line: where they coincide (ReLU) both stay visible.
    finite = boundary.transform_filter(alt.datum.line != "asymptotic").mark_line(color="#222", strokeWidth=2.5).encode(x=x, y=y, order="sigma_b:Q", tooltip=tooltip)
    asymptotic = boundary.transform_filter(alt.datum.line == "asymptotic").mark_line(color="black", strokeWidth=4, strokeDash=[10, 5]).encode(
        x=x, y=y, order="sigma_b:Q", tooltip=tooltip)
    text = dict(align="left", dx=10, fontSize=FONT_SIZE, fontWeight="bold", color="black")
    label = _table("_label").mark_text(dy=14, **text).encode(x=x, y=y, text="label:N")
    finite_label = _table("_finite_label").mark_text(dy=-14, **text).encode(x=x, y=y, text="label:N")
    return style(alt.layer(heat, finite, asymptotic, label, finite_label), _title(title, subtitle, FULL_WIDTH_CHARS))
