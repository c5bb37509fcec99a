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
import json
import unicodedata
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
# The plot's height, not the chart's: titles, axes and legends are added
# around it (autosize fit-x), so a long subtitle or a second legend row never
# squeezes the data, and charts side by side have plots of one height.
HEIGHT = 220
PRESENTATION_HEIGHT = 200  # at least Y_TITLE_PRESENTATION, so that a y-axis title fits beside it
TITLE_PADDING = 10  # px above a chart's title
TITLE_OFFSET = 12  # px between the subtitle and the plot (Streamlit's theme: 26)
BOTTOM_PADDING = 4  # px below the legend (Streamlit's theme: 20)
AXIS_PADDING = 6  # px between an axis, its labels and its title (Streamlit's theme: 16)
LEGEND_OFFSET = 10  # px between the x axis's title and a bottom legend (Vega: 18)
LINE_WIDTH = 3  # every data line: projectors wash thin lines out
# Dash patterns per series, so that lines differ in greyscale and for any
# colour vision, not by colour alone: measured series solid or long-dashed,
# theory, bounds and "before" series short-dashed or dotted.
MEASURED_DASHES = [[1, 0], [14, 5], [14, 4, 3, 4], [24, 6], [24, 4, 3, 4, 3, 4], [30, 4, 12, 4]]  # six: Vanishing's six inits
THEORY_DASHES = [[7, 5], [2, 4], [7, 4, 2, 4], [3, 7]]
# Presentation mode scales every chart's text; a ContextVar because each
# Streamlit session runs in a thread of its own.
_font_scale: ContextVar[float] = ContextVar("font_scale", default=1.0)


def set_font_scale(scale: float) -> None:
    _font_scale.set(scale)


def font_scale() -> float:
    return _font_scale.get()


def font_size(offset: int = 0) -> int:
    """A chart text size in px at this run's scale: FONT_SIZE + offset at 1,
    and at least 18 px for every text in presentation mode (scale 1.3)."""
    return round(FONT_SIZE * font_scale()) + offset


def _config(scale: float) -> alt.Config:
    font, title = round(FONT_SIZE * scale), round(TITLE_SIZE * scale)
    # Quantitative axes label huge or tiny values as 2e10, not 20,000,000,000
    # (which no axis has room for); log axes have their own labelExpr.
    compact = "abs(datum.value) >= 1e5 || (abs(datum.value) < 1e-3 && datum.value != 0) ? replace(format(datum.value, '.2~e'), 'e+', 'e') : datum.label"
    return alt.Config(
        axis=alt.AxisConfig(labelFontSize=font - 1, titleFontSize=font, labelPadding=AXIS_PADDING, titlePadding=AXIS_PADDING, titleFontWeight="normal", labelColor="#222", titleColor="#222", gridOpacity=0.6, labelLimit=0, titleLimit=0),
        axisQuantitative=alt.AxisConfig(labelExpr=compact),
        legend=alt.LegendConfig(offset=LEGEND_OFFSET, labelFontSize=font - 1, titleFontSize=font - 1, titleColor="#222", labelColor="#222", orient="bottom", direction="horizontal", labelLimit=0, titleLimit=0, symbolSize=180, symbolStrokeWidth=LINE_WIDTH, columnPadding=LEGEND_COLUMN_PADDING),
        title=alt.TitleConfig(fontSize=title, lineHeight=title, anchor="start", offset=TITLE_OFFSET, subtitleFontSize=font - 2, subtitleColor="#444", limit=0),
        view=alt.ViewConfig(strokeWidth=0),
    )


def style(chart: alt.Chart, title: alt.TitleParams) -> alt.Chart:
    """Title, plot height and projector-friendly fonts, applied to every chart.

    One .properties() call and a config set in place: every chained Altair
    call deep-copies the whole chart."""
    scale = _font_scale.get()
    height = PRESENTATION_HEIGHT if scale > 1 else HEIGHT
    # Canvas, not SVG: redrawing new data on a canvas leaves the page's
    # layout alone; about 10% off a Vanishing slider move (benchmarks/README.md).
    chart = chart.properties(title=title, height=height, width="container", padding={"top": TITLE_PADDING, "bottom": BOTTOM_PADDING}, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"), usermeta={"embedOptions": {"renderer": "canvas"}})
    chart.config = _config(scale)
    return chart


# The width a chart's title lines must fit, in px: Streamlit limits a title
# to the chart's width less TITLE_MARGIN, and Vega cuts a longer line with
# "…" (it does not wrap). Measured at a 1400 px window with the sidebar open
# (a chart beside another: 292 px wide; across the main column: 602 px), and
# in presentation mode at 1280 px (every chart across the page: 1110 px);
# tests/browser/test_no_clipping.py checks both. Titles, subtitles, notes
# and legends are wrapped to fit; a narrower window has narrower charts.
HALF_WIDTH = 240
FULL_WIDTH = 540
PRESENTATION_WIDTH = 980
TITLE_MARGIN = 40
AXIS_ROOM = 125  # px of a chart's width left of the plot: the y axis's labels and title (two lines)
LEGEND_COLUMN_PADDING = 24
Y_TITLE, Y_TITLE_PRESENTATION = 180, 190  # px: a y-axis title's longest line, less than the plot's height
LEGEND_LINE = 44  # px: a line legend's stroke, long enough for two repeats of a dash pattern

# Advance widths in em of the UI font (Source Sans), rounded up: wide (CJK)
# characters are a full em, Latin text about half.
_NARROW = frozenset(" iljtfrI.,:;'!|()[]{}·/-")
_BROAD = frozenset("mwMWOQGDHNU@%—")
# Kept on the line before a break / after a break (CJK punctuation).
_NO_LINE_START = "，。、；：？！）」』》〉】”’…%"
_NO_LINE_END = "（「『《〈【“‘"


def text_width(text: str) -> float:
    """Estimated width of `text` in ems, by display width (a CJK character
    is about two Latin letters), slightly over rather than under."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += 1.0
        elif char in _NARROW:
            width += 0.3
        elif char in _BROAD:
            width += 0.85
        elif char.isupper() or char.isdigit():
            width += 0.62
        else:
            width += 0.53
    return width


def _pieces(text: str) -> list[str]:
    """`text` cut where a line may break: after spaces, and around each
    wide (CJK) character, keeping punctuation with its neighbour."""
    pieces: list[str] = []
    for char in text:
        wide = unicodedata.east_asian_width(char) in ("W", "F")
        previous = pieces[-1] if pieces else ""
        joins = previous and (
            char in _NO_LINE_START
            or previous[-1] in _NO_LINE_END
            or not (wide or previous[-1] == " " or unicodedata.east_asian_width(previous[-1]) in ("W", "F"))
        )
        if joins:
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def wrap_text(text: str, width_em: float) -> list[str]:
    """`text` in lines of at most `width_em` ems (text_width), broken at
    spaces or between CJK characters; a word longer than a line is split,
    so no line is ever cut short by Vega."""
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        if line.strip() and text_width((line + piece).rstrip()) > width_em:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
        while text_width(line.rstrip()) > width_em and len(line) > 1:  # one word wider than a line
            cut = next((i for i in range(len(line) - 1, 0, -1) if text_width(line[:i]) <= width_em), 1)
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines


def wrapped(text: str, width_px: float, size: int) -> str:
    """`text` wrapped for a text mark (its lines joined by newlines: the marks break lines there)."""
    return "\n".join(wrap_text(text, width_px / size))


def _width(wrap: int) -> int:
    """The width a chart's text must fit: `wrap` (HALF_WIDTH, FULL_WIDTH),
    and PRESENTATION_WIDTH in presentation mode, where every chart spans the page."""
    return PRESENTATION_WIDTH if font_scale() > 1 else wrap


def _plot_width(wrap: int) -> int:
    """The narrowest plot of a chart of width class `wrap`: where a legend
    or a note on the plot must fit."""
    return _width(wrap) + TITLE_MARGIN - AXIS_ROOM


def _title(title: str, subtitle: str | None = None, wrap: int = HALF_WIDTH) -> alt.TitleParams:
    """Title and subtitle wrapped into lines that fit the chart's width."""
    width = _width(wrap)
    lines = wrap_text(title, width / round(TITLE_SIZE * font_scale()))
    return alt.TitleParams(lines if len(lines) > 1 else title, subtitle=wrap_text(subtitle, width / font_size(-2)) if subtitle else [])


def _axis_title(text: str) -> str | list[str]:
    """A y-axis title in lines no longer than the plot is tall: a longer
    title sticks out above the plot and pushes the chart's title up."""
    lines = wrap_text(text, (Y_TITLE_PRESENTATION if font_scale() > 1 else Y_TITLE) / font_size())
    return lines if len(lines) > 1 else text


def _legend_grid(labels, wrap: int, line: bool) -> tuple[list[list[str]], int]:
    """Each label's lines and the number of columns of a bottom legend in
    a chart of width class `wrap`: Vega puts every entry in one row and
    cuts what does not fit. A label too long for a row of its own is broken
    into lines; the legend gets the most columns whose widest entries fit
    in the narrowest plot of that class (each column as wide as its widest
    entry, as Vega lays them out). Vega does not redo a legend's layout when
    its chart is resized, so the count cannot follow the drawn width."""
    symbol, size, room = LEGEND_LINE if line else 16, font_size(-1), _plot_width(wrap)
    lines = [wrap_text(str(label), (room - symbol - 8) / size) for label in labels]
    entries = [symbol + 8 + max(map(text_width, parts)) * size for parts in lines]
    columns = max([1] + [n for n in range(2, len(entries) + 1)
                         if sum(max(entries[i::n]) for i in range(n)) + (n - 1) * LEGEND_COLUMN_PADDING <= room])
    return lines, columns


def _legend(labels, wrap: int, line: bool = False, grid: tuple | None = None, **kwargs) -> alt.Legend:
    """A bottom legend laid out by _legend_grid (a label in lines is drawn
    from a label expression that returns its lines). A `line` legend draws
    each entry as a stroke long enough to show its dash pattern. `grid`:
    the layout, given for stand-in labels (_series_grid)."""
    lines, columns = grid or _legend_grid(labels, wrap, line)
    long = {str(label): parts for label, parts in zip(labels, lines) if len(parts) > 1}
    if long:
        kwargs["labelExpr"] = "".join(f"datum.label === {json.dumps(label, ensure_ascii=False)} ? {json.dumps(parts, ensure_ascii=False)} : " for label, parts in long.items()) + "datum.label"
    if line:  # a flat path: a long stroke in a row no taller than its label
        kwargs.update(symbolType="M-1,0H1", symbolSize=LEGEND_LINE**2, symbolFillColor="transparent")
    return alt.Legend(columns=columns, **kwargs)


# Columns the charts add for drawing only; not part of the data a reader downloads.
DRAWING_COLUMNS = ["plot_value", "floor", "w0", "w1", "b0", "b1", "shown", "legend_key"]


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
        text = self.spec.get("title", {}).get("text", "chart")
        return " ".join(text) if isinstance(text, list) else str(text)  # a wrapped title is a list of lines

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


# The log axis's ticks and their number format, read from the `_ticks` table (Vega expressions;
# a family chart reads the rows of the net it draws instead: _family_spec).
TICK_VALUES, TICK_FORMAT = "pluck(data('_ticks'), 'tick')", "data('_ticks')[0].format"


def _log_y(field: str, title: str) -> alt.Y:
    title = _axis_title(title)
    axis = alt.Axis(values=alt.ExprRef(TICK_VALUES), labelExpr=f"replace(format(datum.value, {TICK_FORMAT}), 'e+', 'e')")  # 1e10, not 1e+10
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
    """(plottable rows, event rows) for a log axis over [low, high] (numbers,
    or arrays of each row's own edges).

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
    is_event = (underflow | overflow).to_numpy()  # low and high: one edge for all rows, or each row's own (a family chart)
    events["plot_value"] = np.where(events[column] == 0, np.broadcast_to(low, is_event.shape)[is_event], np.broadcast_to(high, is_event.shape)[is_event])
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
    wrap: int = FULL_WIDTH,
    color_by: str | None = None,
    zero_text_column: str | None = None,
    band: tuple[float, float] | None = None,
) -> Figure:
    """Lines of `y` (log axis) against `x`, one per `series`; series named
    in `dashed` (theory, bounds, "before") are drawn dashed without points.
    `color_by`: colour by this column instead (e.g. the cell), so that a
    dashed and a solid series of the same thing share a colour. Every series
    has a dash pattern of its own as well as its colour.
    `zero_text_column`: a column with each row's marker text for an exact 0
    (why it is 0), instead of `underflow_text` for all. `band` (low, high):
    a range of y shaded across the plot, behind the lines."""
    low, high = _log_bounds(frame[y].astype(float))
    plottable, events = split_events(frame, y, underflow_text, overflow_text, low, high, zero_text_column)
    is_theory = plottable[series].isin(dashed)
    names = tuple(dict.fromkeys(frame[series]))
    colors = _colors(names, frame.drop_duplicates(series).set_index(series)[color_by] if color_by else None)
    # Zeros are drawn at the bottom edge pointing down (one marker per cause), overflow at the top pointing up.
    zero_texts = list(dict.fromkeys(events.loc[events[y] == 0, "event"]))
    shapes = tuple((text, "triangle-down") for text in zero_texts) + ((overflow_text, "triangle-up"),) * bool((events[y] != 0).any())
    spec = _gradient_flow_spec(
        x, y, series, names, colors, _dashes(names, dashed), frame[x].nunique() <= 60, shapes,
        title, subtitle, wrap, x_title, y_title, series_title, value_title, band is not None,
    )
    tables = {
        "measured": plottable[~is_theory], "theory": plottable[is_theory],
        "_extent": _extent_table("plot_value", low, high, x, frame[x].min() - LAYER_MARGIN, frame[x].max() + LAYER_MARGIN),
        "_ticks": _log_ticks(low, high),
    }
    if shapes:
        tables["events"] = events
    if band is not None:
        tables["_band"] = pd.DataFrame({"plot_value": [band[0]], "high": [band[1]]})
    return Figure(spec, tables)


def _colors(names: tuple, groups: pd.Series | None = None) -> tuple[str, ...]:
    """A palette colour per series name; with `groups` (series name -> group), one per group."""
    if groups is None:
        return tuple(PALETTE[i % len(PALETTE)] for i in range(len(names)))
    order = list(dict.fromkeys(groups[name] for name in names))
    return tuple(PALETTE[order.index(groups[name]) % len(PALETTE)] for name in names)


def _dashes(names: tuple, dashed) -> tuple[tuple[int, ...], ...]:
    """A dash pattern per series name, none twice: solid and long dashes for
    measured series, short dashes and dots for those in `dashed`."""
    counts = {True: 0, False: 0}
    patterns = []
    for name in names:
        is_dashed = name in dashed
        choices = THEORY_DASHES if is_dashed else MEASURED_DASHES
        patterns.append(tuple(choices[counts[is_dashed] % len(choices)]))
        counts[is_dashed] += 1
    return tuple(patterns)


# Stand-ins for a chart's series names in its cached template: a name that
# changes with a slider (Residual's "Residual (α = 1.03)") would otherwise
# rebuild the template on every move (30-40 ms of an α move's run). The
# legend is laid out from the real names (_series_grid); they are put in
# place of the stand-ins afterwards (_with_series_names).
_STAND_IN = "\x00series {}\x00"


def _stand_ins(count: int) -> tuple[str, ...]:
    return tuple(_STAND_IN.format(index) for index in range(count))


def _series_grid(names: tuple, wrap: int) -> tuple:
    """The line legend's layout of `names` (as _legend_grid), keyed without
    the names: a label's lines only where it is broken into several."""
    lines, columns = _legend_grid(names, wrap, line=True)
    return tuple(tuple(parts) if len(parts) > 1 else () for parts in lines), columns


def _with_series_names(spec: dict, names: tuple) -> dict:
    """A template built for _stand_ins(len(names)), with `names` in their
    place: where a stand-in is a value (the scales' domains) and where it
    is quoted inside a legend's label expression. Returns a new dict (the
    template is shared)."""
    values = dict(zip(_stand_ins(len(names)), names))
    quoted = {json.dumps(stand_in, ensure_ascii=False): json.dumps(str(name), ensure_ascii=False) for stand_in, name in values.items()}

    def put(item):
        if isinstance(item, dict):
            return {key: put(value) for key, value in item.items()}
        if isinstance(item, list):
            return [put(value) for value in item]
        if isinstance(item, str):
            if item in values:
                return values[item]
            for stand_in, name in quoted.items():
                item = item.replace(stand_in, name)
        return item

    return put(spec)


def _gradient_flow_spec(x, y, series, names, colors, dashes, points, shapes, title, subtitle, wrap, x_title, y_title, series_title, value_title, band=False) -> dict:
    """_gradient_flow_template for these series `names` (cached per font scale, as the template)."""
    return _named_gradient_flow_spec(font_scale(), x, y, series, names, colors, dashes, points, shapes, title, subtitle, wrap,
                                     x_title, y_title, series_title, value_title, band)


@functools.lru_cache(maxsize=256)
def _named_gradient_flow_spec(scale, x, y, series, names, colors, dashes, points, shapes, title, subtitle, wrap, x_title, y_title, series_title, value_title, band):
    # `scale` keys the cache; the template reads it from the context
    template = _gradient_flow_template(x, y, series, _stand_ins(len(names)), _series_grid(names, wrap), colors, dashes, points, shapes,
                                       title, subtitle, wrap, x_title, y_title, series_title, value_title, band)
    return _with_series_names(template, names)


_templates.append(_named_gradient_flow_spec)


@_template
def _gradient_flow_template(x, y, series, names, grid, colors, dashes, points, shapes, title, subtitle, wrap, x_title, y_title, series_title, value_title, band=False):
    # Colour and dash on the same field with the same title: one legend that shows both.
    legend = _legend(names, wrap, line=True, grid=grid)  # no title: the entries say what they are
    color = alt.Color(f"{series}:N", title=None, scale=alt.Scale(domain=list(names), range=list(colors)), legend=legend)
    dash = alt.StrokeDash(f"{series}:N", title=None, scale=alt.Scale(domain=list(names), range=[list(d) for d in dashes]), legend=legend)
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
    measured_layers = [measured.mark_line(strokeWidth=LINE_WIDTH).encode(x=x_enc, y=y_enc, color=color, strokeDash=dash, tooltip=tooltip)]
    if points:
        measured_layers.append(measured.mark_point(filled=True, size=70).encode(x=x_enc, y=y_enc, color=alt.Color(f"{series}:N", legend=None), tooltip=tooltip))
    # Theory is drawn last and dashed, so that where it agrees exactly with
    # the measurement (w^L, the matrix powers) both stay visible.
    theory = _table("theory").mark_line(strokeWidth=LINE_WIDTH).encode(x=x_enc, y=y_enc, color=color, strokeDash=dash, tooltip=tooltip)
    shaded = [_table("_band").mark_rect(color=PALETTE[2], opacity=0.25).encode(y=y_enc, y2="high:Q")] if band else []
    layers = [_extent(x_enc, y_enc), _ticks(), *shaded, *measured_layers, theory]
    if shapes:
        layers.append(
            _table("events")
            .mark_point(filled=True, size=220, color=EVENT_COLOR)
            .encode(
                x=x_enc,
                y=y_enc,
                shape=alt.Shape("event:N", title=None, scale=alt.Scale(domain=[text for text, _ in shapes], range=[shape for _, shape in shapes]),
                                legend=_legend([text for text, _ in shapes], wrap, orient="top")),  # Vega puts two bottom legends side by side
                tooltip=[alt.Tooltip(f"{series}:N", title=series_title), alt.Tooltip(f"{x}:Q", title=x_title), alt.Tooltip("event:N", title=value_title)],
            )
        )
    layered = alt.layer(*layers)
    layered.resolve = alt.Resolve(scale=alt.ScaleResolveMap(shape="independent"))
    return style(layered, _title(title, subtitle, wrap))


FAMILY_POINTS_MAX = 60  # as gradient_flow_chart: points mark each layer up to this depth
FLOAT32_NORMAL = (1.2e-38, 3.4e38)  # float32's normal range: values outside it are shipped as float64


def gradient_flow_family_chart(
    frame: pd.DataFrame, *, initial: int, signal: str, x: str, y: str, series: str, title: str, subtitle: str | None,
    x_title: str, y_title: str, series_title: str, dashed: list[str] = (), underflow_text: str, overflow_text: str,
    value_title: str, zero_text_column: str | None = None, wrap: int = FULL_WIDTH, family: str = "depth", color_by: str | None = None,
    y_span: str = "net",
) -> Figure:
    """gradient_flow_chart of every net of a family at once (an integer column
    `family`, default `depth`: one net per value), drawing the net whose
    `family` value is the Vega param `signal` (value `initial`). The browser
    changes the param (ui/scrub.js sets the range input the param is bound
    to, and the page hides that input): the chart redraws with no server
    round trip (`color_by` as there). A family over a float (Exploding's weight scale) is keyed by
    an integer (the slider's step number): Vega then never compares floats.

    The x axis spans the drawn net's layers. The y axis (`y_span`) spans the
    drawn net's values ("net": the page's gradient_flow_chart of that net),
    or the whole family's ("family": it holds still while the param moves,
    so the line's tilt is what changes). A family over depth takes "net": a
    y axis over depths 1-100 laid a shallow net's lines flat along its top
    (1e0 .. 1e-120 on Residual at depth 2, where plain 0.06x and residual
    0.995x could not be told apart); one over a scale at a fixed depth
    (Exploding) reads well with "family". The axis's extent rows, its ticks
    (the `_ticks` table) and the event markers' edges are kept per net,
    keyed by `family`, either way. Measured points mark the
    nets of up to FAMILY_POINTS_MAX layers. Shipped compactly: the family
    column and layer as int16, strings as categories, values as float32 where
    every finite nonzero value is a float32 normal number (else float64, so
    that no value turns into 0)."""
    if y_span not in ("net", "family"):
        raise ValueError(f"y_span must be 'net' or 'family', got {y_span!r}")
    nets = frame.groupby(family)
    family_bounds = _log_bounds(frame[y].astype(float))
    bounds = pd.DataFrame({value: _log_bounds(net[y].astype(float)) if y_span == "net" else family_bounds for value, net in nets}, index=["low", "high"]).T
    row_bounds = bounds.loc[frame[family]]  # each row's net's edges, in the frame's order
    plottable, events = split_events(frame, y, underflow_text, overflow_text, row_bounds["low"].to_numpy(), row_bounds["high"].to_numpy(), zero_text_column)
    is_theory = plottable[series].isin(dashed)
    names = tuple(dict.fromkeys(frame[series]))
    zero_texts = list(dict.fromkeys(events.loc[events[y] == 0, "event"]))
    shapes = tuple((text, "triangle-down") for text in zero_texts) + ((overflow_text, "triangle-up"),) * bool((events[y] != 0).any())
    colors = _colors(names, frame.drop_duplicates(series).set_index(series)[color_by] if color_by else None)
    base = _gradient_flow_spec(
        x, y, series, names, colors, _dashes(names, dashed), True, shapes,
        title, subtitle, wrap, x_title, y_title, series_title, value_title, False,
    )
    spans = frame.groupby(family)[x].agg(["min", "max", "nunique"])  # the x axis: half a layer beyond each net's first and last
    extent = pd.DataFrame({
        family: np.repeat(spans.index.to_numpy(), 2), x: np.ravel(np.column_stack([spans["min"] - LAYER_MARGIN, spans["max"] + LAYER_MARGIN])),
        "plot_value": np.ravel(bounds.loc[spans.index, ["low", "high"]].to_numpy()),
    })
    ticks = pd.concat([_log_ticks(low, high).assign(**{family: value}) for value, (low, high) in bounds.iterrows()], ignore_index=True)
    ticks["label_room"] = _label_room(ticks)
    tables = {"measured": plottable[~is_theory], "theory": plottable[is_theory], "_extent": extent, "_ticks": ticks}
    if shapes:
        tables["events"] = events.assign(legend_key=events[family].astype(str) + "|" + events["event"])  # value|marker, for the legend
    pointed = [int(value) for value in spans.index[spans["nunique"] <= FAMILY_POINTS_MAX]]
    spec = _family_spec(base, signal, int(frame[family].min()), int(frame[family].max()), family, _points_test(signal, pointed, spans.index))
    spec = {**spec, "params": [{**spec["params"][0], "value": int(initial)}]}
    return Figure(spec, {name: _compact(table, y, family) for name, table in tables.items()})


def _points_test(signal: str, pointed: list[int], values) -> str | None:
    """The Vega test that the drawn net is one of `pointed` (those of up to FAMILY_POINTS_MAX
    layers) among the family's `values`: None for all of them, `signal <= last` for the
    first ones (Vanishing's depths 1..60)."""
    if len(pointed) == len(values):
        return None
    if pointed == [int(value) for value in values[: len(pointed)]] and pointed:
        return f"{signal} <= {pointed[-1]}"
    return f"indexof({json.dumps(pointed)}, {signal}) >= 0"


def _family_spec(base: dict, signal: str, first: int, last: int, family: str = "depth", points: str | None = None) -> dict:
    """`base` (a _gradient_flow_spec, shared: copied, not modified) with every layer
    but the ticks' filtered to `family` == `signal`, measured points only where the
    Vega test `points` holds (None: always), the event markers' legend labelled only
    with the events of the net drawn (the events table's `legend_key`: value|marker)
    and its symbols shown only when that net has an event (hidden entries keep their
    room), and the param `signal` bound to a range input."""
    # The y axis reads the ticks of the drawn net: the `_ticks` rows of one net are consecutive.
    first_tick = f"indexof(pluck(data('_ticks'), '{family}'), {signal})"
    per_net = {
        TICK_VALUES: f"slice({TICK_VALUES}, {first_tick}, lastindexof(pluck(data('_ticks'), '{family}'), {signal}) + 1)",
        TICK_FORMAT: f"data('_ticks')[{first_tick}].format",
    }
    layers = []
    for layer in base["layer"]:
        table = layer.get("data", {}).get("name")
        if table == "_ticks":
            layers.append(layer)
            continue
        layer = _substituted(layer, per_net)
        if "axis" in layer.get("encoding", {}).get("y", {}):
            y = layer["encoding"]["y"]
            layer = {**layer, "encoding": {**layer["encoding"], "y": {**y, "axis": {**y["axis"], "minExtent": {"expr": "data('_ticks')[0].label_room"}}}}}
        # The points' test is a filter of its own after the family's: Vega-Lite then shares the
        # family filter with the measured line (one pass over the table, not two; Vega runs each
        # row's expression through its CSP-safe interpreter): a redraw 0.70-0.73x as long (Residual).
        filters = [{"filter": f"datum.{family} == {signal}"}]
        if points and table == "measured" and (layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]) == "point":
            filters.append({"filter": points})
        if table == "events":  # the markers' legend names only the events of the net drawn
            shape = layer["encoding"]["shape"]
            label = shape["legend"].get("labelExpr", "datum.label")
            # Inside the plot's top-left corner, on a white box, rather than in a row of its own
            # above it: that row was kept at every depth (a net without events too) and pushed
            # Vanishing's first chart 9 px below a 1280 x 720 projected screen. The top left is
            # where a vanishing gradient leaves room (small and far from the output).
            legend = {
                **shape["legend"], "labelExpr": f"indata('events', 'legend_key', {signal} + '|' + datum.value) ? ({label}) : ''",
                "symbolOpacity": {"expr": f"indata('events', '{family}', {signal}) ? 1 : 0"},
                "orient": "top-left", "fillColor": {"expr": f"indata('events', '{family}', {signal}) ? 'rgba(255, 255, 255, 0.9)' : null"},
                "padding": 4, "offset": 4,
            }
            layer = {**layer, "encoding": {**layer["encoding"], "shape": {**shape, "legend": legend}}}
        layers.append({**layer, "transform": [*filters, *layer.get("transform", [])]})
    # The x axis changes with the param after Vega has laid the chart out for its first net:
    # a last label half a layer from the end ("100" at depth 100) stuck out of the canvas by
    # 9 px (tests/browser/test_no_clipping.py). Labels within 10 px of an end sit flush with it.
    config = {**base["config"], "axisX": {**base["config"].get("axisX", {}), "labelFlush": 10}}
    return {**base, "config": config, "layer": layers,
            "params": [{"name": signal, "value": first, "bind": {"input": "range", "min": first, "max": last, "step": 1}}]}


TICK_SIZE = 5  # px: Vega's default


def _log_label(tick: float, number_format: str) -> str:
    """The text _log_y's labelExpr draws for `tick` (d3's ~e or ~g format): 1e-5, 1e10, 0.02."""
    if number_format == "~e":
        mantissa, exponent = f"{tick:.0e}".split("e")
        return f"{mantissa}e{int(exponent)}"
    return f"{tick:.12g}" if 1e-4 <= abs(tick) < 1e12 else f"{tick:f}".rstrip("0").rstrip(".")


def _label_room(ticks: pd.DataFrame) -> float:
    """px the y axis's ticks and labels take at the family's widest label: every net's axis
    takes that much (the axis's minExtent), so that the plot does not move sideways as the
    param moves, and a wider label than the first net's ("1e-120" after "0.1") does not push
    the chart's title and the axis's title out of the canvas (seen on Residual at depth 100)."""
    widest = max(text_width(_log_label(tick, number_format)) for tick, number_format in zip(ticks["tick"], ticks["format"]))
    return float(np.ceil(widest * (font_size() - 1) + AXIS_PADDING + TICK_SIZE))


def _substituted(spec, expressions: dict[str, str]):
    """`spec` (not modified) with each of `expressions`' keys replaced inside its strings."""
    if isinstance(spec, dict):
        return {key: _substituted(value, expressions) for key, value in spec.items()}
    if isinstance(spec, list):
        return [_substituted(value, expressions) for value in spec]
    if isinstance(spec, str):
        for old, new in expressions.items():
            spec = spec.replace(old, new)
    return spec


def _compact(table: pd.DataFrame, value: str, family: str = "depth") -> pd.DataFrame:
    """`table` as shipped: int16 family column and layer (whole numbers; the extent's half
    layers stay floats), categorical strings, float32 values where exact enough."""
    table = table.copy()
    for column in table.columns:
        kind = table[column].dtype
        if column in (family, "layer") and pd.api.types.is_integer_dtype(kind):
            table[column] = table[column].astype("int16")
        elif kind == object or pd.api.types.is_string_dtype(kind):
            table[column] = table[column].astype("category")
        elif pd.api.types.is_float_dtype(kind):
            values = table[column].to_numpy()
            shown = np.abs(values[np.isfinite(values) & (values != 0)])
            if shown.size == 0 or (shown.min() >= FLOAT32_NORMAL[0] and shown.max() <= FLOAT32_NORMAL[1]):
                table[column] = table[column].astype("float32")
    return table


def activation_chart(curve: pd.DataFrame, peak_z: float, peak_value: float, *, title: str, value_label: str, derivative_label: str, peak_label: str, x_title: str, y_title: str) -> Figure:
    """phi(z) and phi'(z), with the derivative's maximum marked and labelled."""
    long = pd.concat(
        [
            pd.DataFrame({"z": curve["z"], "y": curve["value"], "curve": value_label}),
            pd.DataFrame({"z": curve["z"], "y": curve["derivative"], "curve": derivative_label}),
        ]
    )
    # The label sits beside the peak, on the side with room: half the chart's width at most.
    peak = pd.DataFrame({"z": [peak_z], "y": [peak_value], "label": [wrapped(peak_label, _plot_width(FULL_WIDTH) / 2, font_size())]})
    spec = _activation_spec(peak_z < 4, title, value_label, derivative_label, x_title, y_title)
    return Figure(spec, {"curves": long, "peak": peak, "_zero": pd.DataFrame({"y": [0.0]})})


@_template
def _activation_spec(label_right, title, value_label, derivative_label, x_title, y_title):
    names = [value_label, derivative_label]
    legend = _legend(names, FULL_WIDTH, line=True)
    color = alt.Color("curve:N", title=None, scale=alt.Scale(domain=names, range=PALETTE[:2]), legend=legend)
    dash = alt.StrokeDash("curve:N", title=None, scale=alt.Scale(domain=names, range=MEASURED_DASHES[:2]), legend=legend)
    tooltip = [alt.Tooltip("curve:N", title=" "), alt.Tooltip("z:Q", format=".2f"), alt.Tooltip("y:Q", title=y_title, format=".4f")]
    lines = _table("curves").mark_line(strokeWidth=LINE_WIDTH).encode(
        x=alt.X("z:Q", title=x_title), y=alt.Y("y:Q", title=_axis_title(y_title)), color=color, strokeDash=dash, tooltip=tooltip
    )
    peak = _table("peak")
    peak_point = peak.mark_point(filled=True, size=200, color=PALETTE[1], stroke="black").encode(
        x="z:Q", y="y:Q", tooltip=[alt.Tooltip("label:N", title=derivative_label)]
    )
    peak_text = peak.mark_text(align="left" if label_right else "right", baseline="bottom", dx=12 if label_right else -12, dy=-8, fontSize=font_size(), fontWeight="bold", lineBreak="\n").encode(
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
    outer = base.mark_area(opacity=0.25, color=PALETTE[0]).encode(x=x, y=alt.Y("act_q05:Q", title=_axis_title(y_title)), y2="act_q95:Q", tooltip=tooltip)
    inner = base.mark_area(opacity=0.45, color=PALETTE[0]).encode(x=x, y="act_q25:Q", y2="act_q75:Q", tooltip=tooltip)
    mid = base.mark_line(strokeWidth=LINE_WIDTH, color="#000").encode(x=x, y="act_q50:Q", tooltip=tooltip)
    extent = _extent(x, alt.Y("act_q50:Q", title=_axis_title(y_title)))
    key = _table("_legend").mark_point(size=0, opacity=0).encode(
        color=alt.Color("band:N", title=None, scale=alt.Scale(domain=[band_outer, band_inner, median], range=["#B3D1E6", "#6AA4CC", "#000000"]),
                        legend=_legend([band_outer, band_inner, median], HALF_WIDTH, symbolType="square", symbolOpacity=1, symbolSize=220))
    )
    return style(alt.layer(extent, outer, inner, mid, key), _title(title, subtitle))


def bar_by_layer(frame: pd.DataFrame, y: str, *, title: str, subtitle: str | None, x_title: str, y_title: str, log: bool = False, percent: bool = False, color: str = PALETTE[0], empty_text: str | None = None) -> Figure:
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
        tables["_note"] = pd.DataFrame({"text": [wrapped(empty_text, _plot_width(HALF_WIDTH), font_size(2))]})
    return Figure(_bar_spec(y, log, percent, color, empty, title, subtitle, x_title, y_title), tables)


@_template
def _bar_spec(y, log, percent, color, note, title, subtitle, x_title, y_title):
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
        encoding["y"] = alt.Y(f"{y}:Q", title=_axis_title(y_title), scale=alt.Scale(domain=[0, 1]) if percent else alt.Undefined, axis=alt.Axis(format="%" if percent else "~g"))
    layers.append(_table("bars").mark_bar(color=color, opacity=0.9).encode(**encoding))
    if note:
        layers.append(
            _table("_note").mark_text(fontSize=font_size(2), fontWeight="bold", color=color, lineBreak="\n").encode(
                text="text:N", x=alt.value(alt.ExprRef("width / 2")), y=alt.value(alt.ExprRef("height / 2"))
            )
        )
    return style(alt.layer(*layers) if len(layers) > 1 else layers[0], _title(title, subtitle))


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
    wrap: int = HALF_WIDTH,
) -> Figure:
    """Curves of `y` over `step`, one per `run`. `events` (step, run, label)
    draws a labelled vertical rule at each overflow; `rules` (value, label)
    draws labelled horizontal reference lines (a clip threshold, a baseline).
    `x_max` fixes the step axis (a streaming chart does not rescale as it
    grows); runs named in `dashed` are drawn dashed. `y_max` (linear axis
    only) fixes the axis to [0, y_max] and cuts the lines at its top: a
    diverging run leaves through the top instead of squashing the others.
    `wrap`: the chart's width class (HALF_WIDTH beside another chart,
    FULL_WIDTH alone)."""
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
    plot_width = _plot_width(wrap)
    if has_rules:
        tables["rules"] = rules.assign(label=[wrapped(label, plot_width, font_size(-2)) for label in rules["label"]])
    if has_events:
        tables["events"] = _event_labels(events, last_step, plot_width)
    y_max = None if log else y_max
    spec = _training_spec(y, run, tuple(names), _dashes(tuple(names), dashed), log, has_rules, has_events, title, subtitle, wrap, x_title, y_title, run_title, y_max)
    return Figure(spec, tables)



def _event_labels(events: pd.DataFrame, last_step: float, plot_width: float) -> pd.DataFrame:
    """Each event's label wrapped into the room beside its rule (right of
    it in the axis's first half, left of it in the second; `side`), stacked
    from the top when several (`top`, px)."""
    size = font_size(-1)
    rows = []
    top = 4.0
    for _, event in events.sort_values("step").iterrows():
        where = (float(event["step"]) - 1) / max(last_step - 1, 1.0)
        right = where < 0.5
        lines = wrap_text(str(event["label"]), max((1 - where if right else where) * plot_width - 10, 4 * size) / size)
        rows.append({**event, "label": "\n".join(lines), "side": "right" if right else "left", "top": top})
        top += len(lines) * size * 1.25 + 6
    return pd.DataFrame(rows, columns=[*events.columns, "side", "top"])


@_template
def _training_spec(y, run, names, dashes, log, has_rules, has_events, title, subtitle, wrap, x_title, y_title, run_title, y_max=None):
    # A legend with one entry says nothing the title does not.
    legend = None if len(names) == 1 else _legend(names, wrap, line=True)
    color = alt.Color(f"{run}:N", title=None, scale=alt.Scale(domain=list(names), range=list(_colors(names))), legend=legend)
    linear_scale = alt.Scale(zero=False) if y_max is None else alt.Scale(domain=[0, y_max], nice=False)
    y_enc = _log_y(y, y_title) if log else alt.Y(f"{y}:Q", title=_axis_title(y_title), scale=linear_scale, axis=alt.Axis(format="~g"))
    x_enc = alt.X("step:Q", title=x_title, scale=alt.Scale(zero=False, nice=False))
    dash = alt.StrokeDash(f"{run}:N", title=None, scale=alt.Scale(domain=list(names), range=[list(d) for d in dashes]), legend=legend)
    # One legend for colour and dash: Vega-Lite merges them, and a hidden dash legend hid the colours' too.
    layers = [
        _extent(x_enc, y_enc),
        *([_ticks()] if log else []),
        _table("runs").mark_line(strokeWidth=LINE_WIDTH, clip=y_max is not None).encode(
            x=x_enc, y=y_enc, color=color, strokeDash=dash,
            tooltip=[alt.Tooltip(f"{run}:N", title=run_title), alt.Tooltip("step:Q", title=x_title), alt.Tooltip(f"{y}:Q", title=y_title, format=".4~e")],
        ),
    ]
    if has_rules:
        rules = _table("rules")
        layers.append(rules.mark_rule(strokeDash=[6, 4], strokeWidth=LINE_WIDTH, color="#555").encode(y=alt.Y("value:Q", title=_axis_title(y_title)), tooltip=["label:N"]))
        layers.append(
            rules.mark_text(align="right", baseline="bottom", dy=-5, fontSize=font_size(-2), color="#333", lineBreak="\n").encode(
                y=alt.Y("value:Q", title=_axis_title(y_title)), x=alt.value("width"), text="label:N"
            )
        )
    if has_events:
        events = _table("events")
        layers.append(
            events.mark_rule(strokeWidth=LINE_WIDTH, color=EVENT_COLOR).encode(x=alt.X("step:Q", title=x_title), tooltip=[alt.Tooltip(f"{run}:N", title=run_title), "label:N"])
        )
        for side, align, dx in (("right", "left", 6), ("left", "right", -6)):  # the label on the side of its rule with room
            layers.append(
                events.transform_filter(alt.datum.side == side)
                .mark_text(align=align, baseline="top", dx=dx, fontSize=font_size(-1), fontWeight="bold", color=EVENT_COLOR, lineBreak="\n")
                .encode(x=alt.X("step:Q", title=x_title), y=alt.Y("top:Q", scale=None), text="label:N")
            )
    return style(alt.layer(*layers), _title(title, subtitle, wrap))


def power_chart(frame: pd.DataFrame, *, title: str, subtitle: str | None, x_title: str, y_title: str, series_title: str, dashed: list[str]) -> Figure:
    """||W^k x|| against k (log axis) with its theory lines dashed."""
    return gradient_flow_chart(
        frame, x="k", y="value", series="series", title=title, subtitle=subtitle, x_title=x_title, y_title=y_title,
        series_title=series_title, dashed=dashed, underflow_text="0", overflow_text="inf", value_title=y_title,
    )


def product_chart(lines: pd.DataFrame, band: pd.DataFrame, *, title: str, subtitle: str | None, x_title: str, y_title: str,
                  series_title: str, dashed: list[str], groups: dict[str, int]) -> Figure:
    """log10 of a product's norm against the step k on a linear axis (a
    constant growth rate is a straight line). `lines` [k, log10_norm,
    series]: series in `dashed` (theory) dashed; `groups` (series -> int)
    gives a measured line and its theory one colour. `band` [k, low, high]
    is shaded behind, in the first group's colour. Rows that are not finite
    (a product that hit exactly 0) are left out: the page says so."""
    lines = lines[np.isfinite(lines["log10_norm"].astype(float))]
    names = tuple(dict.fromkeys(lines["series"]))
    colors = _colors(names, pd.Series(groups))
    spec = _product_spec(names, colors, _dashes(names, dashed), title, subtitle, x_title, y_title, series_title)
    extent = _extent_table("log10_norm", float(lines["log10_norm"].min()), float(lines["log10_norm"].max()), "k", 0.0, float(lines["k"].max()))
    return Figure(spec, {"band": band, "lines": lines, "_extent": extent})


@_template
def _product_spec(names, colors, dashes, title, subtitle, x_title, y_title, series_title):
    legend = _legend(names, FULL_WIDTH, line=True)
    color = alt.Color("series:N", title=None, scale=alt.Scale(domain=list(names), range=list(colors)), legend=legend)
    dash = alt.StrokeDash("series:N", title=None, scale=alt.Scale(domain=list(names), range=[list(d) for d in dashes]), legend=legend)
    x = alt.X("k:Q", title=x_title, scale=alt.Scale(zero=False, nice=False), axis=alt.Axis(tickMinStep=1, format="d"))
    y = alt.Y("log10_norm:Q", title=_axis_title(y_title), scale=alt.Scale(zero=False), axis=alt.Axis(format="~g"))
    tooltip = [alt.Tooltip("series:N", title=series_title), alt.Tooltip("k:Q", title=x_title), alt.Tooltip("log10_norm:Q", title=y_title, format=".3f")]
    band = _table("band").mark_area(opacity=0.2, color=colors[0]).encode(
        x=x, y=alt.Y("low:Q", title=_axis_title(y_title)), y2="high:Q",
        tooltip=[alt.Tooltip("k:Q", title=x_title), alt.Tooltip("low:Q", format=".3f"), alt.Tooltip("high:Q", format=".3f")],
    )
    drawn = _table("lines").mark_line(strokeWidth=LINE_WIDTH).encode(x=x, y=y, color=color, strokeDash=dash, tooltip=tooltip)
    return style(alt.layer(_extent(x, y), band, drawn), _title(title, subtitle, FULL_WIDTH))


def residual_diagram(input_label: str, branch_label: str, scale_label: str, shortcut_label: str) -> str:
    """Graphviz DOT of a residual block: x -> F -> x alpha -> (+) <- shortcut.

    Graphviz sizes a box by its own estimate of the text, which is too
    narrow for CJK: each box gets at least the width text_width() gives."""

    def fits(label: str, points: int = 15) -> str:
        return f'label="{label}", width={text_width(label) * points / 72 + 0.35:.2f}'

    return f"""digraph {{
  rankdir=TB; bgcolor="transparent"; nodesep=0.6;
  node [fontname="Helvetica", fontsize=15, shape=box, style="rounded,filled", fillcolor="#E8F1F8", color="{PALETTE[0]}"];
  edge [color="#333333", penwidth=1.6, fontname="Helvetica", fontsize=14];
  x [label="{input_label}", shape=circle, fillcolor="#FFFFFF"];
  f [{fits(branch_label)}];
  a [{fits(scale_label)}, shape=box, fillcolor="#FDF0DC", color="{PALETTE[1]}"];
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
    room, size = _plot_width(FULL_WIDTH) / 3, font_size()
    line = line.assign(label=np.where(line["line"] == "asymptotic", wrapped(boundary_label, room, size), wrapped(finite_label, room, size)))
    asymptotic, finite = line[line["line"] == "asymptotic"], line[line["line"] != "asymptotic"]
    tables = {"boundary": line, "_label": asymptotic.tail(1), "_finite_label": finite.head(1)}
    return Figure(_phase_spec(limit, title, subtitle, x_title, y_title, color_title, theory_title), {"cells": cells} | tables)


@_template
def _phase_spec(limit, title, subtitle, x_title, y_title, color_title, theory_title):
    x_scale, y_scale = alt.Scale(zero=False, nice=False), alt.Scale(zero=False, nice=False)
    heat = _table("cells").mark_rect().encode(
        x=alt.X("w0:Q", title=x_title, scale=x_scale), x2="w1", y=alt.Y("b0:Q", title=_axis_title(y_title), scale=y_scale), y2="b1",
        color=alt.Color("shown:Q", title=color_title, scale=alt.Scale(scheme="blueorange", domain=[-limit, limit], domainMid=0),
                        legend=alt.Legend(orient="right", direction="vertical", gradientLength=alt.ExprRef("clamp(height - 30, 100, 260)"))),
        tooltip=[alt.Tooltip("sigma_w:Q", title=x_title), alt.Tooltip("sigma_b:Q", title=y_title),
                 alt.Tooltip("log10_ratio:Q", title=color_title, format=".2f"), alt.Tooltip("theory_log10_ratio:Q", title=theory_title, format=".2f"),
                 alt.Tooltip("chi1:Q", title="χ₁", format=".3f")],
    )
    x, y = alt.X("sigma_w:Q", title=x_title, scale=x_scale), alt.Y("sigma_b:Q", title=_axis_title(y_title), scale=y_scale)
    tooltip = [alt.Tooltip("label:N", title=" "), alt.Tooltip("sigma_w:Q", format=".3f"), alt.Tooltip("sigma_b:Q", format=".2f")]
    boundary = _table("boundary")
    # Finite-depth line under the dashed chi_1 = 1 line: where they coincide (ReLU) both stay visible.
    finite = boundary.transform_filter(alt.datum.line != "asymptotic").mark_line(color="#222", strokeWidth=LINE_WIDTH).encode(x=x, y=y, order="sigma_b:Q", tooltip=tooltip)
    asymptotic = boundary.transform_filter(alt.datum.line == "asymptotic").mark_line(color="black", strokeWidth=4, strokeDash=[10, 5]).encode(
        x=x, y=y, order="sigma_b:Q", tooltip=tooltip)
    text = dict(align="left", dx=10, fontSize=font_size(), fontWeight="bold", color="black", lineBreak="\n")
    label = _table("_label").mark_text(baseline="top", dy=6, **text).encode(x=x, y=y, text="label:N")
    finite_label = _table("_finite_label").mark_text(baseline="bottom", dy=-6, **text).encode(x=x, y=y, text="label:N")
    return style(alt.layer(heat, finite, asymptotic, label, finite_label), _title(title, subtitle, FULL_WIDTH))


def spectrum_chart(frame: pd.DataFrame, *, title: str, subtitle: str | None, x_title: str, y_title: str, series_title: str,
                   unresolved_text: str, band: tuple[float, float]) -> Figure:
    """Singular values sorted largest first (`frame` [rank, sigma, floor,
    series], one series per init) on a log axis against their rank: a flat
    line at 1 is an isometry, a slope over many decades a spread spectrum;
    `band` (the range counted as near 1) is shaded. A value below its
    series' `floor` (float64's resolution: round-off, not a measurement)
    is marked at the bottom edge with `unresolved_text`."""
    unresolved = frame["sigma"] < frame["floor"]
    shown = frame.assign(sigma=frame["sigma"].where(~unresolved, 0.0), event=np.where(unresolved, unresolved_text, None))
    return gradient_flow_chart(
        shown, x="rank", y="sigma", series="series", title=title, subtitle=subtitle, x_title=x_title, y_title=y_title,
        series_title=series_title, underflow_text=unresolved_text, overflow_text="inf", value_title=y_title, zero_text_column="event", band=band,
    )
