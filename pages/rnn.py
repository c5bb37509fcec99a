"""RNN vs LSTM/GRU: backprop through time, gates, and a race on the adding problem."""

import math
from typing import NamedTuple

import numpy as np
import pandas as pd
import streamlit as st

from core import ADDING_BASELINE_MSE, CELLS, RECURRENT_INITS, RecurrentSpec, RecurrentTrainConfig
from ui import charts, compute, display, frame, prefetch
from ui.i18n import options, t
from ui.views import race_outcome, training_events, training_history

RACE_HIDDEN, RACE_BATCH = 32, 64
FLOAT32_SMALLEST = float(np.finfo(np.float32).smallest_subnormal)  # an underflowed gradient lost at least this much
SEQ_LENS, SEQ_LEN_STEP = (10, 300), 10
GATE_BIASES = [-2.0, -1.0, 0.0, 0.5, 1.0, 2.0, 3.0, 5.0]

frame.setup_page("rnn")
frame.intro("rnn")
cell_names = options("rnn.cell", CELLS)


class CellSettings(NamedTuple):
    """The recurrent-weight and gate settings both sections use."""

    recurrent_init: str
    recurrent_scale: float
    forget_bias: float
    update_bias: float


def cell_spec(cell: str, hidden: int, settings: CellSettings) -> RecurrentSpec:
    return RecurrentSpec(cell=cell, hidden=hidden, **settings._asdict())


# --- 1. gradient over time at initialisation ----------------------------------------
@frame.fragment
def gradient_over_time() -> tuple[list[str], CellSettings]:
    controls, main = frame.section(t("rnn.time_header"))
    with controls:
        # The race below trains these cells with these settings: changing them reruns the whole page.
        cells = frame.choice(st.pills, t("rnn.cells"), cell_names, key="cells", selection_mode="multi", on_change=frame.rerun_page)
        seq_len = st.slider(t("rnn.seq_len"), *SEQ_LENS, 100, SEQ_LEN_STEP, key="seq_len", bind="query-params")
        hidden = st.select_slider(t("rnn.hidden"), [8, 16, 32, 64, 128, 256], 64, key="hidden", bind="query-params")
        init_names = options("rnn.init", RECURRENT_INITS)
        recurrent_init = frame.choice(st.selectbox, t("rnn.recurrent_init"), init_names, key="recurrent_init", on_change=frame.rerun_page)
        recurrent_scale = st.slider(t("rnn.recurrent_scale"), 0.1, 2.0, 1.0, 0.05, help=t("rnn.recurrent_scale_help"), key="recurrent_scale", bind="query-params", disabled=recurrent_init == "default", on_change=frame.rerun_page)
        forget_bias = st.select_slider(t("rnn.forget_bias"), GATE_BIASES, 0.0, help=t("rnn.forget_bias_help"), key="forget_bias", bind="query-params", on_change=frame.rerun_page)
        update_bias = st.select_slider(t("rnn.update_bias"), GATE_BIASES, 0.0, help=t("rnn.update_bias_help"), key="update_bias", bind="query-params", on_change=frame.rerun_page)
    settings = CellSettings(recurrent_init, recurrent_scale, forget_bias, update_bias)

    with main:
        if not cells:
            st.info(t("rnn.no_cells"))
        else:
            with st.spinner(t("frame.computing")):
                probes = {cell: compute.probe_cell(cell_spec(cell, hidden, settings), seq_len) for cell in cells}
            # The next length is most likely one step away: computed while the server is idle.
            prefetch.request(compute.probe_cell, [(cell_spec(cell, hidden, settings), length)
                                                  for length in prefetch.around(seq_len, SEQ_LEN_STEP, *SEQ_LENS) for cell in cells])
            cols = st.columns(len(cells) + ("rnn" in cells))
            for col, (cell, probe) in zip(cols, probes.items()):
                col.metric(t("rnn.metric_back", cell=cell_names[cell], steps=seq_len - 1), display.number(probe["grad_norm"].iloc[-1], 2))
            series = [probe.assign(curve=cell_names[cell]) for cell, probe in probes.items()]
            dashed = []
            if "rnn" in cells:
                sigma = float(probes["rnn"]["sigma_max"].iloc[0])
                cols[-1].metric(t("rnn.metric_sigma"), f"{sigma:.3f}", t("rnn.sigma_below") if sigma < 1 else t("rnn.sigma_above"),
                                delta_color="inverse" if sigma < 1 else "normal", help=t("rnn.metric_sigma_help"))
                steps_back = probes["rnn"]["steps_back"]
                dashed = [t("rnn.bound")]
                series.append(pd.DataFrame({"steps_back": steps_back, "grad_norm": sigma ** steps_back.astype(float), "curve": dashed[0]}))
            frame.chart(
                charts.gradient_flow_chart,
                pd.concat(series, ignore_index=True), x="steps_back", y="grad_norm", series="curve", title=t("rnn.flow_title"),
                subtitle=t("rnn.flow_subtitle"), x_title=t("rnn.steps_back"), y_title=t("rnn.grad_y"), series_title=t("common.series"),
                dashed=dashed, underflow_text=t("common.underflow"), overflow_text=t("common.overflow"), value_title=t("rnn.grad_value"),
            )
            frame.notebook(
                "import pandas as pd\nfrom core import probe_recurrent\ngrad_norm = pd.concat([\n"
                + "".join(
                    f"    probe_recurrent({cell!r}, {seq_len}, {hidden}, recurrent_init={recurrent_init!r}, recurrent_scale={recurrent_scale!r}, "
                    f"forget_bias={forget_bias!r}, update_bias={update_bias!r})['grad_norm'],\n"
                    for cell in cells
                )
                + "], ignore_index=True)  # ||dL/dh_t||, 0 steps back first, one cell after another\nprint(grad_norm.to_string())\n"
            )
            farthest = {cell_names[cell]: float(probe["grad_norm"].iloc[-1]) for cell, probe in probes.items()}
            ranking = " > ".join(f"{name} ({display.number(value, 2)})" for name, value in sorted(farthest.items(), key=lambda item: -item[1]))
            lowest = min(farthest.values())
            frame.predict(t("predict.rnn.question", steps=seq_len - 1),
                          t("predict.rnn.answer", ranking=ranking, decades=-math.log10(lowest if lowest > 0 else FLOAT32_SMALLEST)))
    return cells, settings


cells, settings = gradient_over_time()


# --- 2. the race -----------------------------------------------------------------------
@frame.fragment
def race() -> None:
    controls, main = frame.section(t("rnn.race_header"), t("rnn.race_caption", hidden=RACE_HIDDEN, batch=RACE_BATCH))
    with controls:
        race_len = st.select_slider(t("rnn.race_seq_len"), [10, 20, 30, 50, 75, 100], 50, key="race_seq_len", bind="query-params")
        steps = st.select_slider(t("rnn.race_steps"), [100, 200, 300, 400, 600], 300, key="race_steps", bind="query-params")
        lr = st.select_slider(t("common.lr"), [0.001, 0.003, 0.01, 0.03, 0.1], 0.01, key="race_lr", bind="query-params")
        clip_names = options("clip", ["none", "norm"])
        clip = frame.choice(st.radio, t("common.clip"), clip_names, key="race_clip", default="norm")
        threshold = st.select_slider(t("common.clip_threshold"), [0.1, 0.3, 1.0, 3.0, 10.0], 1.0, key="race_clip_threshold", bind="query-params", disabled=clip == "none")
        start = st.button(t("rnn.race_start"), type="primary", icon=":material/flag:", disabled=not cells, key="_race_start")
    config = RecurrentTrainConfig(seq_len=race_len, batch=RACE_BATCH, optimizer="adam", lr=lr, steps=steps, clip=clip, clip_threshold=threshold)
    jobs = compute.recurrent_jobs({cell_names[cell]: cell_spec(cell, RACE_HIDDEN, settings) for cell in cells}, config)
    with main:
        if not cells:
            st.info(t("rnn.no_cells"))
            return
        if not (start or compute.is_cached(jobs)):
            st.info(t("rnn.race_prompt", steps=steps), icon=":material/psychology:")
            return
        slot = st.empty()
        baseline = pd.DataFrame({"value": [ADDING_BASELINE_MSE], "label": [t("rnn.baseline")]})

        def draw(history: pd.DataFrame, events: pd.DataFrame | None = None) -> None:
            frame.live_chart(
                slot, charts.training_chart,
                history, y="loss", run="run", title=t("rnn.race_title"), subtitle=t("rnn.race_subtitle"), x_title=t("common.step"),
                y_title=t("rnn.race_y"), run_title=t("common.run"), rules=baseline, events=events, x_max=steps, wrap=charts.FULL_WIDTH,
            )

        results = compute.run_streaming(jobs, on_update=draw)
        history, events = training_history(results), training_events(results)
        draw(history, events)
        cols = st.columns(len(results))
        for col, (name, result) in zip(cols, results.items()):
            outcome, detail = race_outcome(result, ADDING_BASELINE_MSE)
            col.metric(name, f"{result.final_loss:.3g}" if len(result.history) else "—", t(f"rnn.outcome.{outcome}", **detail),
                       delta_color="normal" if outcome == "solved" else ("off" if outcome == "learning" else "inverse"), help=t("rnn.outcome_help"))

        left, right = frame.chart_row(2)
        with left:
            norms = pd.concat(
                [r.history.assign(value=r.history["grad_norm_before"], run=t("rnn.before_clip", cell=name)) for name, r in results.items()]
                + ([r.history.assign(value=r.history["grad_norm_after"], run=t("rnn.after_clip", cell=name)) for name, r in results.items()] if clip != "none" else []),
                ignore_index=True,
            )
            frame.chart(
                charts.training_chart,
                norms, y="value", run="run", title=t("rnn.clip_title"), subtitle=t("rnn.clip_subtitle"), x_title=t("common.step"),
                y_title=t("rnn.clip_y"), run_title=t("common.run"), x_max=steps,
                rules=pd.DataFrame({"value": [threshold], "label": [t("rnn.threshold", threshold=threshold)]}) if clip != "none" else None,
                dashed=[t("rnn.after_clip", cell=name) for name in results],
            )
        with right:
            over_time = pd.concat(
                [r.grad_before.assign(curve=t("rnn.at_init", cell=name), cell=name) for name, r in results.items()]
                + [r.grad_after.assign(curve=t("rnn.trained", cell=name), cell=name) for name, r in results.items()],
                ignore_index=True,
            )
            frame.chart(
                charts.gradient_flow_chart,
                over_time, x="steps_back", y="grad_norm", series="curve", title=t("rnn.after_title"), subtitle=t("rnn.after_subtitle"),
                x_title=t("rnn.steps_back"), y_title=t("rnn.grad_y"), series_title=t("common.series"),
                dashed=[t("rnn.at_init", cell=name) for name in results], underflow_text=t("common.underflow"),
                overflow_text=t("common.overflow"), value_title=t("rnn.grad_value"), wrap=charts.HALF_WIDTH, color_by="cell",
            )


race()

frame.notice("rnn")
frame.math(
    [
        ("rnn.math_bptt", r"\frac{\partial L}{\partial h_{t-k}} = \Big(\prod_{j=t-k+1}^{t} W_{hh}^{\top}\operatorname{diag}\big(1-h_j^2\big)\Big)\frac{\partial L}{\partial h_t},\qquad \Big\|\frac{\partial L}{\partial h_{t-k}}\Big\| \le \sigma_{\max}(W_{hh})^{k}\,\Big\|\frac{\partial L}{\partial h_t}\Big\|"),
        ("rnn.math_lstm", r"c_t = f_t \odot c_{t-1} + i_t \odot g_t \;\Rightarrow\; \frac{\partial c_t}{\partial c_{t-1}}\Big|_{\text{cell path}} = \operatorname{diag}(f_t),\qquad f_t = \sigma(W_f x_t + U_f h_{t-1} + b_f)"),
        ("rnn.math_gru", r"h_t = (1-z_t)\odot n_t + z_t \odot h_{t-1},\qquad z_t = \sigma(W_z x_t + U_z h_{t-1} + b_z)"),
    ]
)
frame.reading("rnn")
