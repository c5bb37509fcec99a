"""Remedies: fix a broken network one switch at a time; the order-to-chaos map."""

import math

import numpy as np
import pandas as pd
import streamlit as st

from core import ACTIVATIONS, INITS, NORMS, OPTIMIZERS, NetSpec, TrainConfig, first_to_last
from ui import charts, compute, display, frame
from ui.i18n import options, t
from ui.views import training_history

DEPTH = 30
ALPHA = 1 / math.sqrt(DEPTH)  # the branch scale when skips are switched on
BROKEN = NetSpec(depth=DEPTH, width=32, activation="sigmoid", init="normal", weight_scale=1.0, residual_scale=ALPHA)
BROKEN_TRAINING = TrainConfig(optimizer="sgd", lr=0.1, steps=150, layer_every=150)
LEARNING_RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0]
REMEDY_KEYS = ("activation", "init", "norm", "residual", "clipping", "optimizer", "lr")
PHASE_SIGMA_W = np.round(np.arange(0.5, 3.001, 0.125), 3)
PHASE_SIGMA_B = np.round(np.arange(0.0, 1.001, 0.2), 2)
PHASE_WIDTH = 64

frame.setup_page("remedies")
frame.intro("remedies")


def reset() -> None:
    """Forget the remedy widgets' state: they come back at their defaults,
    which are the broken network's settings."""
    for key in REMEDY_KEYS:
        st.session_state.pop(key, None)
        st.query_params.pop(key, None)


# --- 1. fix the broken network ----------------------------------------------------------
@frame.fragment
def fix_the_network() -> None:
    controls, main = frame.section(t("remedies.fix_header"), t("remedies.broken_caption", depth=BROKEN.depth, lr=BROKEN_TRAINING.lr))
    with controls:
        activation_names, init_names, norm_names, optimizer_names = options("act", ACTIVATIONS), options("init", INITS), options("norm", NORMS), options("opt", OPTIMIZERS)
        activation = frame.choice(st.selectbox, t("common.activation"), activation_names, key="activation", default=BROKEN.activation)
        init = frame.choice(st.selectbox, t("common.init"), init_names, key="init")
        norm = frame.choice(st.selectbox, t("residual.norm"), norm_names, key="norm")
        residual = st.toggle(t("remedies.residual"), key="residual", bind="query-params")
        clipping = st.toggle(t("remedies.clipping"), key="clipping", bind="query-params")
        optimizer = frame.choice(st.selectbox, t("common.optimizer"), optimizer_names, key="optimizer")
        lr = st.select_slider(t("common.lr"), LEARNING_RATES, BROKEN_TRAINING.lr, key="lr", bind="query-params")
        start = st.button(t("remedies.train_start"), type="primary", icon=":material/play_arrow:", key="_train_start")
        st.button(t("remedies.reset"), on_click=reset, icon=":material/restart_alt:", key="_reset")

    spec = NetSpec(depth=BROKEN.depth, width=BROKEN.width, activation=activation, init=init, weight_scale=1.0, norm=norm,
                   residual=residual, residual_scale=ALPHA)
    config = TrainConfig(optimizer=optimizer, lr=lr, steps=BROKEN_TRAINING.steps, clip="norm" if clipping else "none", clip_threshold=1.0,
                         layer_every=BROKEN_TRAINING.layer_every)
    names = {"broken": t("remedies.run.broken"), "fixed": t("remedies.run.fixed")}
    with st.spinner(t("frame.computing")):
        probes = {"broken": compute.probe(BROKEN), "fixed": compute.probe(spec)}

    with main:
        jobs = compute.mlp_jobs({names["broken"]: BROKEN}, BROKEN_TRAINING) | compute.mlp_jobs({names["fixed"]: spec}, config)
        results = compute.run_streaming(jobs) if start or compute.is_cached(jobs) else None
        ratios = {key: first_to_last(probe) for key, probe in probes.items()}
        changed_net, changed_training = spec != BROKEN, (spec, config) != (BROKEN, BROKEN_TRAINING)
        cols = st.columns(3)
        cols[0].metric(t("remedies.metric_ratio", depth=BROKEN.depth), display.ratio(ratios["fixed"], t("common.underflow_short")),
                       t("remedies.delta_decades", value=math.log10(ratios["fixed"] / ratios["broken"])) if changed_net and ratios["broken"] > 0 and ratios["fixed"] > 0 else None,
                       delta_color="off", help=t("remedies.metric_ratio_help"))
        if results is not None:
            broken_run, fixed_run = results.values()
            accuracy = fixed_run.history["accuracy"].iloc[-1] if len(fixed_run.history) else math.nan
            broken_accuracy = broken_run.history["accuracy"].iloc[-1]
            cols[1].metric(t("remedies.metric_loss"), f"{fixed_run.final_loss:.3g}",
                           f"{fixed_run.final_loss - broken_run.final_loss:+.3g}" if changed_training else None, delta_color="inverse")
            cols[2].metric(t("remedies.metric_accuracy"), f"{accuracy:.0%}",
                           t("remedies.delta_points", value=(accuracy - broken_accuracy) * 100) if changed_training else None)

        flow = pd.concat([probe.assign(curve=names[key]) for key, probe in probes.items()], ignore_index=True)
        left, right = frame.chart_row(2)
        with left:
            frame.chart(
                charts.gradient_flow_chart,
                flow, x="layer", y="grad_norm", series="curve", title=t("remedies.flow_title"), subtitle=t("remedies.flow_subtitle"),
                x_title=t("common.layer"), y_title=t("common.grad_norm"), series_title=t("common.series"), dashed=[names["broken"]],
                underflow_text=t("common.underflow"), overflow_text=t("common.overflow"), value_title=t("common.grad_value"),
                wrap=charts.HALF_WIDTH,
            )
        with right:
            if results is None:
                st.info(t("remedies.train_prompt", steps=config.steps), icon=":material/psychology:")
            else:
                frame.chart(
                    charts.training_chart,
                    training_history(results), y="loss", run="run", title=t("remedies.train_title"), subtitle=t("remedies.train_subtitle"),
                    x_title=t("common.step"), y_title=t("common.loss_log"), run_title=t("common.run"), dashed=[names["broken"]], x_max=config.steps,
                )
        frame.notebook(f"""
    import pandas as pd
    from core import NetSpec, probe_gradients
    broken = {BROKEN!r}
    yours = {spec!r}
    grad_norm = pd.concat([probe_gradients(broken)["grad_norm"], probe_gradients(yours)["grad_norm"]], ignore_index=True)
    print(grad_norm.to_string())
    """)
        frame.predict(t("predict.remedies.question"),
                      t("predict.remedies.answer", depth=BROKEN.depth, ratio=display.ratio(ratios["broken"], t("common.underflow_short"))))
        if spec == BROKEN and config != BROKEN_TRAINING:
            st.info(t("remedies.same_gradient"), icon=":material/info:")


fix_the_network()


# --- 2. the phase diagram -----------------------------------------------------------------
@frame.fragment
def phase() -> None:
    controls, main = frame.section(t("remedies.phase_header"))
    with controls:
        phase_names = options("act", ["tanh", "relu"])
        phase_activation = frame.choice(st.radio, t("remedies.phase_activation"), phase_names, key="phase_activation")
        phase_depth = st.select_slider(t("remedies.phase_depth"), [10, 20, 30], 20, key="phase_depth", bind="query-params")
        start = st.button(t("remedies.phase_start"), type="primary", icon=":material/grid_on:", key="_phase_start")
    job = compute.phase_job(phase_activation, phase_depth, tuple(PHASE_SIGMA_W), tuple(PHASE_SIGMA_B), PHASE_WIDTH)
    with main:
        st.caption(t("remedies.phase_caption", depth=phase_depth, activation=phase_names[phase_activation], width=PHASE_WIDTH))
        if not (start or compute.is_cached({"phase": job})):
            st.info(t("remedies.phase_prompt", nets=len(PHASE_SIGMA_W) * len(PHASE_SIGMA_B)), icon=":material/psychology:")
            return
        grid = compute.cached_run(*job, t("frame.computing"))
        boundary = compute.critical_line(phase_activation, tuple(np.linspace(0.0, 1.0, 41)))
        frame.chart(
            charts.phase_chart,
            grid, boundary, title=t("remedies.phase_title"), subtitle=t("remedies.phase_subtitle"), x_title=t("remedies.phase_x"),
            y_title=t("remedies.phase_y"), color_title=t("remedies.phase_color"), theory_title=t("remedies.phase_theory"),
            boundary_label=t("remedies.phase_boundary"),
        )
        gap = (grid["log10_ratio"] - grid["theory_log10_ratio"]).abs()
        gap = gap[np.isfinite(gap)]
        st.caption(t("remedies.phase_agreement", error=gap.mean(), worst=gap.max()))


phase()

st.header(t("remedies.table_header"), divider="gray")
st.markdown(t("remedies.table"))

frame.notice("remedies")
frame.math(
    [
        ("remedies.math_chi", r"\chi_1 = \sigma_w^2\,\mathbb{E}_{z\sim\mathcal N(0,1)}\big[\phi'(\sqrt{q^*}\,z)^2\big],\qquad \frac{\|\delta_1\|}{\|\delta_L\|} \approx \chi_1^{(L-1)/2}"),
        ("remedies.math_he", r"\phi = \mathrm{ReLU}:\; \chi_1 = \frac{\sigma_w^2}{2},\qquad \sigma_w^2 = 2 \Rightarrow \chi_1 = 1,\qquad \sigma_w^2 = 1 \Rightarrow \Big(\tfrac12\Big)^{(L-1)/2}"),
        ("remedies.math_adam", r"m_t = \beta_1 m_{t-1} + (1-\beta_1)\,g_t,\quad v_t = \beta_2 v_{t-1} + (1-\beta_2)\,g_t^2,\quad \Delta\theta = -\eta\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}"),
    ]
)
frame.reading("remedies")
