"""RNN vs LSTM/GRU: backprop through time, gates, and a race on the adding problem."""

import math
from typing import NamedTuple

import numpy as np
import pandas as pd
import streamlit as st

from core import CELLS, RECURRENT_INITS, RecurrentSpec
from core.claims import rnn as claims
from ui import charts, compute, display, frame, predict, prefetch
from ui import netpic
from ui.i18n import options, t
from ui.views import training_events, training_history

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
    pytorch_biases: bool  # PyTorch's random gate biases; otherwise the two biases below, exactly
    forget_bias: float
    update_bias: float


def cell_spec(cell: str, hidden: int, settings: CellSettings) -> RecurrentSpec:
    return claims.spec(cell, hidden, **settings._asdict())


def per_step_factors(probes: dict[str, pd.DataFrame]) -> str:
    """Each cell's average factor per step back (and its mean keep gate), as one line."""
    items = []
    for cell, probe in probes.items():
        far = claims.far_gradient(probe)
        if far["far"] == 0:
            items.append(t("rnn.per_step_underflow", cell=cell_names[cell], underflow=t("common.underflow_short")))
        elif cell == "rnn":
            items.append(t("rnn.per_step_cell", cell=cell_names[cell], factor=far["factor"]))
        else:
            items.append(t("rnn.per_step_gated", cell=cell_names[cell], factor=far["factor"], gate=t(f"rnn.gate.{cell}"), value=far["keep_gate"]))
    return " · ".join(items)


def far_answer(probes: dict[str, pd.DataFrame], factors: str, steps: int) -> str:
    """The reveal of "which cell keeps the largest gradient `steps` steps
    back": the cells ranked by it, their factors per step, and the orders of
    magnitude between the first and the last."""
    farthest = {cell_names[cell]: float(probe["state_grad_norm"].iloc[-1]) for cell, probe in probes.items()}
    ranking = " > ".join(f"{name} ({display.number(value, 2) if value > 0 else t('common.underflow_short')})"
                         for name, value in sorted(farthest.items(), key=lambda item: -item[1]))
    highest, lowest = max(farthest.values()), min(farthest.values())
    gap = (f"{math.log10(highest / lowest):.0f}" if lowest > 0
           else t("predict.rnn.gap_underflow", decades=math.log10(highest / FLOAT32_SMALLEST)) if highest > 0 else "0")
    return t("predict.rnn.answer", ranking=ranking, factors=factors, steps=steps, gap=gap)


def keeps_most(probes: dict[str, pd.DataFrame], guess: predict.Guess) -> bool | None:
    """Is the guessed cell one that keeps the largest gradient at the first
    step? None when every cell's gradient underflowed to 0 (no largest)."""
    farthest = {cell: float(probe["state_grad_norm"].iloc[-1]) for cell, probe in probes.items()}
    highest = max(farthest.values())
    return None if highest == 0 else farthest.get(guess.value) == highest


# --- 1. gradient over time at initialisation ----------------------------------------
@frame.fragment
def gradient_over_time() -> tuple[list[str], CellSettings]:
    controls, main = frame.section(t("rnn.time_header"))
    with controls:
        # The race below trains these cells with these settings: changing them reruns the whole page.
        cells = frame.choice(st.pills, t("rnn.cells"), cell_names, key="cells", selection_mode="multi", on_change=frame.rerun_page)
        seq_len = frame.control(st.slider, t("rnn.seq_len"), *SEQ_LENS, claims.SEQ_LEN, SEQ_LEN_STEP, key="seq_len")
        hidden = frame.control(st.select_slider, t("rnn.hidden"), [8, 16, 32, 64, 128, 256], claims.HIDDEN, key="hidden")
        init_names = options("rnn.init", RECURRENT_INITS)
        recurrent_init = frame.choice(st.selectbox, t("rnn.recurrent_init"), init_names, key="recurrent_init", on_change=frame.rerun_page)
        recurrent_scale = frame.control(st.slider, t("rnn.recurrent_scale"), 0.1, 2.0, 1.0, 0.05, help=t("rnn.recurrent_scale_help"), key="recurrent_scale", disabled=recurrent_init == "default", on_change=frame.rerun_page)
        pytorch_biases = frame.control(st.toggle, t("rnn.pytorch_biases"), help=t("rnn.pytorch_biases_help"), key="pytorch_biases", on_change=frame.rerun_page)
        forget_bias = frame.control(st.select_slider, t("rnn.forget_bias"), GATE_BIASES, claims.DEFAULT_GATE_BIAS,
                                    help=t("rnn.forget_bias_help", recommended=claims.RECOMMENDED_FORGET_BIAS),
                                    key="forget_bias", disabled=pytorch_biases, on_change=frame.rerun_page)
        update_bias = frame.control(st.select_slider, t("rnn.update_bias"), GATE_BIASES, claims.DEFAULT_GATE_BIAS, help=t("rnn.update_bias_help"),
                                    key="update_bias", disabled=pytorch_biases, on_change=frame.rerun_page)
    settings = CellSettings(recurrent_init, recurrent_scale, pytorch_biases, forget_bias, update_bias)

    with main:
        if not cells:
            st.info(t("rnn.no_cells"))
            return cells, settings
        # The question first (one cell alone asks none); the per-cell numbers and the chart answer it.
        guess = (predict.ask("rnn.far", t("predict.rnn.question", steps=seq_len - 1), choices={cell: cell_names[cell] for cell in cells})
                 if len(cells) > 1 else predict.SKIPPED)
        if guess is not None:
            with st.spinner(t("frame.computing")):
                probes = {cell: compute.probe_cell(cell_spec(cell, hidden, settings), seq_len) for cell in cells}
            # The next length is most likely one step away: computed while the server is idle.
            prefetch.request(compute.probe_cell, [(cell_spec(cell, hidden, settings), length)
                                                  for length in prefetch.around(seq_len, SEQ_LEN_STEP, *SEQ_LENS) for cell in cells])
            factors = per_step_factors(probes)
            predict.reveal("rnn.far", guess, far_answer(probes, factors, seq_len - 1), correct=keeps_most(probes, guess))
            cols = st.columns(len(cells) + ("rnn" in cells))
            for col, (cell, probe) in zip(cols, probes.items()):
                far = float(probe["state_grad_norm"].iloc[-1])
                col.metric(t("rnn.metric_back", cell=cell_names[cell], steps=seq_len - 1), display.number(far, 2) if far > 0 else t("common.underflow_short"))
            series = [probe.assign(curve=cell_names[cell]) for cell, probe in probes.items()]
            dashed = []
            if "rnn" in cells:
                sigma = float(probes["rnn"]["sigma_max"].iloc[0])
                cols[-1].metric(t("rnn.metric_sigma"), f"{sigma:.3f}", help=t("rnn.metric_sigma_help"))
                cols[-1].caption(t(f"rnn.sigma.{claims.sigma_regime(sigma)}"))
                steps_back = probes["rnn"]["steps_back"]
                dashed = [t("rnn.bound")]
                series.append(pd.DataFrame({"steps_back": steps_back, "state_grad_norm": sigma ** steps_back.astype(float), "curve": dashed[0]}))
            frame.chart(
                charts.gradient_flow_chart,
                pd.concat(series, ignore_index=True), x="steps_back", y="state_grad_norm", series="curve", title=t("rnn.flow_title"),
                subtitle=t("rnn.flow_subtitle"), x_title=t("rnn.steps_back"), y_title=t("rnn.grad_y"), series_title=t("common.series"),
                dashed=dashed, underflow_text=t("common.underflow"), overflow_text=t("common.overflow"), value_title=t("rnn.grad_value"),
            )
            st.caption(t("rnn.per_step", steps=seq_len - 1, factors=factors))
            netpic.show_unrolled(probes, hidden, cell_names, value_title=t("rnn.grad_value"))
            frame.notebook(
                "import pandas as pd\nfrom core import probe_recurrent\ngrad_norm = pd.concat([\n"
                + "".join(
                    f"    probe_recurrent({cell!r}, {seq_len}, {hidden}, recurrent_init={recurrent_init!r}, recurrent_scale={recurrent_scale!r}, "
                    f"forget_bias={spec.forget_bias!r}, update_bias={spec.update_bias!r})['state_grad_norm'],\n"
                    for cell in cells
                    for spec in [cell_spec(cell, hidden, settings)]
                )
                + "], ignore_index=True)  # ||dL/dh_t||, 0 steps back first, one cell after another; None = PyTorch's random gate biases\n"
                "print(grad_norm.to_string())\n"
            )
    return cells, settings


cells, settings = gradient_over_time()


# --- 2. the race -----------------------------------------------------------------------
@frame.fragment
def race() -> None:
    baseline = claims.baseline()
    controls, main = frame.section(t("rnn.race_header"), t("rnn.race_caption", hidden=claims.RACE_HIDDEN, batch=claims.RACE_BATCH, **baseline))
    with controls:
        race_len = frame.control(st.select_slider, t("rnn.race_seq_len"), [10, 20, 30, 50, 75, 100], claims.RACE_SEQ_LEN, key="race_seq_len")
        steps = frame.control(st.select_slider, t("rnn.race_steps"), [100, 200, 300, 400, 600], claims.RACE_STEPS, key="race_steps")
        lr = frame.control(st.select_slider, t("common.lr"), [0.001, 0.003, 0.01, 0.03, 0.1], claims.RACE_LR, key="race_lr")
        clip_names = options("clip", ["none", "norm"])
        clip = frame.choice(st.radio, t("common.clip"), clip_names, key="race_clip", default="norm")
        threshold = frame.control(st.select_slider, t("common.clip_threshold"), [0.1, 0.3, 1.0, 3.0, 10.0], claims.RACE_CLIP, key="race_clip_threshold", disabled=clip == "none")
        button = st.empty()  # Start the race, once this session has answered the question (predict.ask_to_run)
    config = claims.race_config(race_len, steps, lr, clip, threshold)
    jobs = compute.recurrent_jobs({cell_names[cell]: cell_spec(cell, claims.RACE_HIDDEN, settings) for cell in cells}, config)
    with main:
        if not cells:
            st.info(t("rnn.no_cells"))
            return
        question = t("predict.rnn.race_question", steps=steps, **baseline)
        guess, start = predict.ask_to_run("rnn.race", question, choices={cell: cell_names[cell] for cell in cells}, multi=True,
                                          button=t("rnn.race_start"), slot=button, button_key="_race_start", icon=":material/flag:")
        if guess is None:
            return
        if not (start or compute.is_cached(jobs)):
            st.info(t("rnn.race_prompt", question=question), icon=":material/psychology:")
            return
        revealed = st.container()  # above the chart, which streams while the cells train
        slot = st.empty()
        rule = pd.DataFrame({"value": [baseline["baseline"]], "label": [t("rnn.baseline", **baseline)]})

        def draw(history: pd.DataFrame, events: pd.DataFrame | None = None) -> None:
            frame.live_chart(
                slot, charts.training_chart,
                history, y="loss", run="run", title=t("rnn.race_title"), subtitle=t("rnn.race_subtitle", **baseline), x_title=t("common.step"),
                y_title=t("rnn.race_y"), run_title=t("common.run"), rules=rule, events=events, x_max=steps, wrap=charts.FULL_WIDTH,
            )

        results = compute.run_streaming(jobs, on_update=draw)
        history, events = training_history(results), training_events(results)
        draw(history, events)
        solved = tuple(cell for cell, result in zip(cells, results.values()) if claims.race_outcome(result)[0] == "solved")
        with revealed:
            predict.reveal("rnn.race", guess, t("predict.rnn.race_answer", cells=", ".join(cell_names[cell] for cell in solved) or t("predict.none"), **baseline),
                           correct=set(guess.value or ()) == set(solved))
        # Plain captions, not metric deltas: an outcome is a reading of the final loss, not a change.
        for col, cell, (name, result) in zip(st.columns(len(results)), cells, results.items()):
            outcome, detail = claims.race_outcome(result)
            col.metric(name, f"{result.final_loss:.3g}" if len(result.history) else "—", help=t("rnn.outcome_help", **baseline))
            col.caption(t(f"rnn.outcome.{outcome}", **detail))
            change = claims.race_change(result)
            col.caption(t("rnn.change", **change))
            if "gate_before" in change:
                col.caption(t("rnn.change_gate", gate=t(f"rnn.gate.{cell}"), **change))

        left, right = frame.chart_row(2)
        with left:
            norms = pd.concat(
                [r.history.assign(value=r.history["param_grad_norm_before"], run=t("rnn.before_clip", cell=name)) for name, r in results.items()]
                + ([r.history.assign(value=r.history["param_grad_norm_after"], run=t("rnn.after_clip", cell=name)) for name, r in results.items()] if clip != "none" else []),
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
                over_time, x="steps_back", y="state_grad_norm", series="curve", title=t("rnn.after_title"), subtitle=t("rnn.after_subtitle"),
                x_title=t("rnn.steps_back"), y_title=t("rnn.grad_y"), series_title=t("common.series"),
                dashed=[t("rnn.at_init", cell=name) for name in results], underflow_text=t("common.underflow"),
                overflow_text=t("common.overflow"), value_title=t("rnn.grad_value"), wrap=charts.HALF_WIDTH, color_by="cell",
            )


race()

frame.notice("rnn", **compute.rnn_notice())
frame.math(
    [
        ("rnn.math_bptt", r"\frac{\partial L}{\partial h_{t-k}} = \Big(\prod_{j=t-k+1}^{t} W_{hh}^{\top}\operatorname{diag}\big(1-h_j^2\big)\Big)\frac{\partial L}{\partial h_t},\qquad \Big\|\frac{\partial L}{\partial h_{t-k}}\Big\| \le \sigma_{\max}(W_{hh})^{k}\,\Big\|\frac{\partial L}{\partial h_t}\Big\|"),
        ("rnn.math_lstm", r"c_t = f_t \odot c_{t-1} + i_t \odot g_t \;\Rightarrow\; \frac{\partial c_t}{\partial c_{t-1}}\Big|_{\text{cell path}} = \operatorname{diag}(f_t),\qquad f_t = \sigma(W_f x_t + U_f h_{t-1} + b_f)"),
        ("rnn.math_gru", r"h_t = (1-z_t)\odot n_t + z_t \odot h_{t-1},\qquad z_t = \sigma(W_z x_t + U_z h_{t-1} + b_z)"),
    ]
)
frame.reading("rnn")
