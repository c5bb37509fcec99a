"""Turn core results into the long frames the charts draw (labels translated).

No Streamlit widgets here; kept apart from ui/charts.py, which only draws.
"""

from __future__ import annotations

import pandas as pd

from ui.i18n import t

THEORY_LABELS = {"power": "exploding.theory_power", "sigmoid_bound": "vanishing.theory_bound", "mean_field": "vanishing.theory_mf"}


ZERO_CAUSE_LABELS = {"underflow": "common.underflow", "dead": "common.dead", "zero_scale": "common.zero_scale"}


def gradient_series(
    probe: pd.DataFrame, theory: tuple[str, pd.DataFrame] | None, theory_labels: dict[str, str] = THEORY_LABELS, zero_causes: bool = False,
    family: str = "depth",
) -> tuple[pd.DataFrame, list[str]]:
    """Long frame (layer, grad_norm, curve) of the measurement and, where a
    closed form applies, its theory (core.probe.grad_theory's result); plus
    the names of the dashed curves. zero_causes: add a column `zero_text`,
    the marker text of each measured exact 0 by its zero_cause (for
    gradient_flow_chart's zero_text_column). A probe with a `family` column (a
    family of nets: `depth` in ui.compute.DepthFamily, `w_step` in
    WeightScaleFamily) keeps it, as does its theory frame."""
    measured = pd.DataFrame({"layer": probe["layer"], "grad_norm": probe["grad_norm"], "curve": t("common.measured")})
    if family in probe:
        measured.insert(0, family, probe[family])
    if zero_causes:
        measured["zero_text"] = probe["zero_cause"].map(lambda cause: t(ZERO_CAUSE_LABELS[cause]) if cause in ZERO_CAUSE_LABELS else None)
    if theory is None:
        return measured, []
    kind, frame = theory
    label = t(theory_labels[kind])
    return pd.concat([measured, frame.assign(curve=label)], ignore_index=True), [label]


def training_events(runs: dict[str, object]) -> pd.DataFrame:
    """One row (step, run, label) per run that overflowed."""
    rows = [
        {"step": result.overflow.step, "run": name, "label": t("common.overflow_event", step=result.overflow.step, quantity=t(f"common.quantity.{result.overflow.quantity}"))}
        for name, result in runs.items()
        if result.overflow is not None
    ]
    return pd.DataFrame(rows, columns=["step", "run", "label"])


def training_history(runs: dict[str, object]) -> pd.DataFrame:
    """All runs' histories in one long frame with a `run` column."""
    frames = [result.history.assign(run=name) for name, result in runs.items()]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
