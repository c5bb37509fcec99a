"""A live picture of the net: the measured per-layer gradient as a Playground-style diagram.

Layers are columns of nodes (at most MAX_NODES drawn per column, the true
width in the caption); the connections into layer i are coloured (viridis:
its lightness rises monotonically, so it reads in greyscale too) and
thickened by layer i's measured gradient on a log scale whose legend is the
powers of ten spanning the data. An exact 0 (underflow, dead units, a net
multiplied by 0) and inf/NaN get a style of their own with a legend entry,
never a colour on the scale. "Play the backward pass" lights the columns up
from the loss back to the input, in the browser (ui/netpic.js, one
requestAnimationFrame loop; no rerun per frame).

`diagram` turns the numbers into the component's data (a pure function, the
unit tests' target); `show` draws a probe frame of a page.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Sequence

import pandas as pd
import streamlit as st

from ui import display, frame
from ui.i18n import t

MAX_NODES = 8  # nodes drawn per column; the caption gives the true width
STRIP_NODES = 3  # per time step of a recurrent cell's strip: hundreds of steps side by side
MAX_TICKS = 7  # legend labels at most: beyond that every k-th power of ten
# Viridis (matplotlib's, sampled at 0, 1/8, ..., 1): perceptually uniform,
# lightness monotonic from dark purple (smallest gradient) to yellow (largest).
VIRIDIS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"]
ZERO_STATES = ("underflow", "dead", "zero_scale")  # core.probe.ZERO_CAUSES other than "none"
STATE_LABELS = {"underflow": "common.underflow_short", "dead": "common.dead_short", "zero_scale": "common.zero_scale_short", "overflow": "common.overflow"}


def viridis(position: float) -> str:
    """The colour at `position` in [0, 1] (clipped), interpolated linearly between the VIRIDIS stops."""
    position = min(max(position, 0.0), 1.0) * (len(VIRIDIS) - 1)
    below = min(int(position), len(VIRIDIS) - 2)
    frac = position - below
    low, high = (tuple(int(stop[k:k + 2], 16) for k in (1, 3, 5)) for stop in VIRIDIS[below:below + 2])
    return "#" + "".join(f"{round(a + (b - a) * frac):02x}" for a, b in zip(low, high))


def decades(logs: Sequence[float]) -> tuple[int, int, int]:
    """(low, high, step): the colour scale's domain in powers of ten, 10^low .. 10^high,
    the smallest whole decades holding every value (at least one decade wide), and a
    legend label at every power divisible by `step` (at most MAX_TICKS labels)."""
    if not logs:
        return 0, 1, 1
    low, high = math.floor(min(logs)), math.ceil(max(logs))
    high = max(high, low + 1)
    return low, high, math.ceil((high - low + 1) / MAX_TICKS)


def diagram(grads: Sequence[float], zero_causes: Sequence[str], widths: Sequence[int], saturated: Sequence[float] | None = None,
            span: Sequence[float] = (), max_nodes: int = MAX_NODES) -> dict:
    """The component's data for one net: grads[i - 1] is layer i's gradient (layer 1
    nearest the input), zero_causes[i - 1] why it is exactly 0 (core.probe.ZERO_CAUSES),
    widths the units of the input and of each layer (len(grads) + 1), saturated[i - 1]
    the share of layer i's units that pass almost no gradient (None: no such marks), span
    more values the colour scale must hold (another net's, drawn beside on the same scale),
    max_nodes the nodes drawn per column at most.

    Each layer: value (None when not finite), log10 (None unless > 0 and finite), state
    ("ok", one of ZERO_STATES or "overflow"), position on the colour scale in [0, 1],
    its colour, and nodes drawn. The scale: decades(); ticks at every step-th power."""
    if len(widths) != len(grads) + 1:
        raise ValueError(f"widths must hold the input's and each layer's width: {len(grads) + 1} values, got {len(widths)}")
    logs = [math.log10(g) for g in [*grads, *span] if math.isfinite(g) and g > 0]
    low, high, step = decades(logs)
    layers = []
    for index, (grad, cause) in enumerate(zip(grads, zero_causes)):
        grad = float(grad)
        if math.isfinite(grad) and grad > 0:
            log10 = math.log10(grad)
            position = (log10 - low) / (high - low)
            layer = {"state": "ok", "value": grad, "log10": log10, "position": position, "color": viridis(position)}
        elif grad == 0:
            layer = {"state": cause if cause in ZERO_STATES else "underflow", "value": 0.0, "log10": None, "position": None, "color": None}
        else:
            layer = {"state": "overflow", "value": None, "log10": None, "position": None, "color": None}
        if saturated is not None:
            layer["saturated"] = float(saturated[index])
        layers.append(layer | {"layer": index + 1})
    return {
        "layers": layers,
        "nodes": [min(int(width), max_nodes) for width in widths],
        "domain": [low, high],
        "ticks": [{"position": (power - low) / (high - low), "label": display.power(10, power)} for power in range(low, high + 1) if power % step == 0],
        "gradient": [viridis(k / 16) for k in range(17)],  # the legend's colour bar, low to high
        "states": sorted({layer["state"] for layer in layers} - {"ok"}),
    }


@cache
def _component():
    """Registered once per process: a second registration of a name replaces the first."""
    here = Path(__file__).parent
    return st.components.v2.component(
        "gradient_flow_lab.netpic", html='<div class="netpic"></div>',
        css=(here / "netpic.css").read_text(), js=(here / "netpic.js").read_text(),
    )


def show(probe: pd.DataFrame, column: str = "grad_norm", *, widths: Sequence[int], value_title: str, key: str,
         skips: bool = False, title: str = "", span: Sequence[float] = (), nodes: int = MAX_NODES, **names: str) -> None:
    """The diagram of a probe frame (core.probe columns: layer, `column`, zero_cause and,
    if present, saturated_frac), with identity skips drawn around each layer when `skips`;
    `title` names the net, `span` as for diagram(), at most `nodes` drawn per column;
    `names` replace the labels "layer" (a column's name), "input", "direction" and "caption".
    zero_cause explains a zero grad_norm (dL/dz); it holds for a zero out_grad_norm (dL/dh) too,
    since dL/dz is dL/dh times phi'(z) (a frame without it: every exact 0 is an underflow)."""
    data = diagram(
        probe[column].tolist(), probe["zero_cause"].tolist() if "zero_cause" in probe else ["none"] * len(probe), widths,
        probe["saturated_frac"].tolist() if "saturated_frac" in probe else None, span, nodes,
    )
    shown = max(data["nodes"])
    labels = {
        "title": title, "caption": t("netpic.caption", shown=shown, width=display.number(max(widths))) if shown < max(widths) else t("netpic.caption_all"),
        "legend": value_title, "layer": t("common.layer_short"), "input": t("netpic.input"), "loss": t("netpic.loss"),
        "play": t("netpic.play"), "pause": t("netpic.pause"), "back": t("netpic.back"), "forward": t("netpic.forward"),
        "skip": t("netpic.skip"), "saturated": t("netpic.saturated"), "direction": t("netpic.direction"),
        "states": {state: t(STATE_LABELS[state]) for state in data["states"]},
    } | names
    _component()(key=key, data=data | {"labels": labels, "skips": skips, "present": frame.presenting()})


def show_unrolled(probes: dict[str, pd.DataFrame], hidden: int, titles: dict[str, str], value_title: str) -> None:
    """Recurrent cells unrolled in time (core.recurrent.probe_recurrent frames, one per cell): a
    strip per cell, one column per hidden state h_t coloured by ||dL/dh_t||, on one colour scale."""
    span = [value for probe in probes.values() for value in probe["state_grad_norm"]]
    for cell, probe in probes.items():
        steps = len(probe)
        show(probe.sort_values("time"), "state_grad_norm", widths=[hidden] * (steps + 1), value_title=value_title, key=f"netpic_{cell}",
             title=titles[cell], span=span, nodes=STRIP_NODES, layer=t("netpic.time"), input=t("netpic.initial_state"), direction=t("netpic.direction_time"),
             caption=t("netpic.caption_time", shown=min(hidden, STRIP_NODES), width=hidden))
