"""Residual blocks: the identity path, its scale, and the degradation experiment."""

import math
from dataclasses import replace

import pandas as pd
import streamlit as st

from core import NORMS, NetSpec, TrainConfig, degradation_specs, first_to_last
from ui import charts, compute, display, frame, prefetch
from ui.i18n import options, t
from ui.views import training_history

ACTIVATION_CHOICES = ["sigmoid", "tanh", "relu"]
WIDTH, TRAIN_WIDTH = 64, 32
SHALLOW_DEPTH = 4
DEPTHS = (2, 100)

frame.setup_page("residual")
frame.intro("residual")
activation_names = options("act", ACTIVATION_CHOICES)

left, right = frame.about().columns(2)
with left:
    st.markdown(f"**{t('residual.diagram_identity')}**")
    st.graphviz_chart(charts.residual_diagram(t("residual.dot_input"), t("residual.dot_branch"), t("residual.dot_scale"), t("residual.dot_identity")))
with right:
    st.markdown(f"**{t('residual.diagram_projection')}**")
    st.graphviz_chart(charts.residual_diagram(t("residual.dot_input"), t("residual.dot_branch"), t("residual.dot_scale"), t("residual.dot_projection")))

# --- 1. gradient flow, plain versus residual -------------------------------------------
@frame.fragment
def plain_versus_residual() -> None:
    controls, main = frame.section(t("residual.flow_header"))
    with controls:
        depth = st.slider(t("common.depth"), *DEPTHS, 50, key="depth", bind="query-params")
        activation = frame.choice(st.selectbox, t("common.activation"), activation_names, key="activation")
        alpha = st.slider(t("residual.alpha"), 0.0, 1.5, 1.0, 0.01, help=t("residual.alpha_help"), key="alpha", bind="query-params")
        st.caption(t("residual.alpha_hint", depth=depth, value=1 / math.sqrt(depth)))
        norm_names = options("norm", NORMS)
        norm = frame.choice(st.selectbox, t("residual.norm"), norm_names, key="norm")

    spec = NetSpec(depth=depth, width=WIDTH, activation=activation, init="xavier_normal", norm=norm, residual_scale=alpha)
    with st.spinner(t("frame.computing")):
        probes = compute.probe_plain_and_residual(spec)
    # The next depth is most likely one step away: computed while the server is idle.
    prefetch.request(compute.probe_plain_and_residual, [(replace(spec, depth=d),) for d in prefetch.around(depth, 1, *DEPTHS)])
    plain, residual = (probes[probes["net"] == net] for net in ("plain", "residual"))
    net_names = {"plain": t("residual.net.plain"), "residual": t("residual.net.residual", alpha=alpha)}

    with main:
        plain_ratio, residual_ratio = first_to_last(plain), first_to_last(residual)
        cols = st.columns(2)
        cols[0].metric(t("residual.metric_plain", depth=depth), display.ratio(plain_ratio, t("common.underflow_short")), help=t("residual.metric_help"))
        cols[1].metric(t("residual.metric_residual", depth=depth), display.ratio(residual_ratio, t("common.underflow_short")), help=t("residual.metric_help"))
        frame.chart(
            charts.gradient_flow_chart,
            probes.assign(curve=probes["net"].map(net_names)), x="layer", y="grad_norm", series="curve", title=t("residual.flow_title"),
            subtitle=t("residual.flow_subtitle"), x_title=t("common.layer"), y_title=t("common.grad_norm"), series_title=t("common.series"),
            underflow_text=t("common.underflow"), overflow_text=t("common.overflow"), value_title=t("common.grad_value"),
        )
        frame.notebook(f"""
    from core import NetSpec, compare_probe
    spec = {spec!r}
    probes = compare_probe(spec)  # column net: plain, residual (same weights)
    grad_norm = probes["grad_norm"]
    print(probes[["net", "layer", "grad_norm"]].to_string())
    """)
        frame.predict(
            t("predict.residual.question", depth=depth),
            t("predict.residual.answer", depth=depth, ratio=display.ratio(residual_ratio, t("common.underflow_short")),
              verdict=t("predict.residual.yes") if 0.1 <= residual_ratio <= 10 else t("predict.residual.no")),
        )
        if residual_ratio > 10:
            st.warning(t("residual.verdict_grows", ratio=display.number(residual_ratio, 2)), icon=":material/trending_up:")
        elif residual_ratio >= 0.1:
            st.success(t("residual.verdict_flat", ratio=display.number(residual_ratio, 2)), icon=":material/check_circle:")
        else:
            st.info(t("residual.verdict_shrinks", ratio=display.number(residual_ratio, 2)))


plain_versus_residual()


# --- 2. degradation ---------------------------------------------------------------------
@frame.fragment
def degradation() -> None:
    config = TrainConfig(steps=200, optimizer="adam", lr=0.01, layer_every=200)
    controls, main = frame.section(t("residual.degradation_header"), t("residual.degradation_caption", width=TRAIN_WIDTH, lr=config.lr, steps=config.steps))
    with controls:
        train_activation = frame.choice(st.selectbox, t("common.activation"), activation_names, key="train_activation", default="tanh")
        deep = st.slider(t("residual.deep_depth"), 10, 50, 30, 5, key="deep_depth", bind="query-params")
        train_alpha = st.slider(t("residual.alpha"), 0.0, 1.5, 1.0, 0.01, help=t("residual.alpha_help"), key="train_alpha", bind="query-params")
        start = st.button(t("residual.train_start"), type="primary", icon=":material/play_arrow:", key="_train_start")
    base = NetSpec(depth=deep, width=TRAIN_WIDTH, activation=train_activation, init="xavier_normal", residual_scale=train_alpha)
    specs = degradation_specs(base, SHALLOW_DEPTH)
    names = {
        key: t(f"residual.run.{key}", depth=net.depth, alpha=train_alpha) for key, net in specs.items()
    }
    jobs = compute.mlp_jobs({names[key]: net for key, net in specs.items()}, config)
    with main:
        if not (start or compute.is_cached(jobs)):
            st.info(t("residual.train_prompt"), icon=":material/psychology:")
            return
        slot = st.empty()

        def draw(history: pd.DataFrame) -> None:
            frame.live_chart(
                slot, charts.training_chart,
                history, y="loss", run="run", title=t("residual.train_title"), subtitle=t("residual.train_subtitle"),
                x_title=t("common.step"), y_title=t("common.loss_log"), run_title=t("common.run"), x_max=config.steps, wrap=charts.FULL_WIDTH,
            )

        results = compute.run_streaming(jobs, on_update=draw)
        draw(training_history(results))
        cols = st.columns(len(results))
        for col, (name, result) in zip(cols, results.items()):
            col.metric(name, f"{result.final_loss:.3g}", t("residual.final_loss"), delta_color="off")


degradation()

frame.notice("residual")
frame.math(
    [
        ("residual.math_block", r"h_i = h_{i-1} + \alpha\,F(h_{i-1}) \;\Rightarrow\; \frac{\partial h_i}{\partial h_{i-1}} = I + \alpha\,\frac{\partial F}{\partial h_{i-1}}"),
        ("residual.math_product", r"\frac{\partial L}{\partial h_0} = \frac{\partial L}{\partial h_L}\prod_{i=L}^{1}\Big(I + \alpha\,\frac{\partial F_i}{\partial h_{i-1}}\Big) = \frac{\partial L}{\partial h_L}\Big(I + \alpha\sum_i \frac{\partial F_i}{\partial h_{i-1}} + \dots\Big)"),
        ("residual.math_variance", r"q_i = \big(1 + \tfrac{\alpha^2}{2}\big)\,q_{i-1} \;\Rightarrow\; q_L = \big(1 + \tfrac{\alpha^2}{2}\big)^{L} q_0 \le e^{\alpha^2 L/2}\,q_0,\qquad \alpha = \tfrac{1}{\sqrt L}:\; q_L \le e^{1/2}\,q_0"),
    ]
)
frame.reading("residual")
