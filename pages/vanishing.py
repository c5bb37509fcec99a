"""Vanishing gradients: the chain-rule product shrinking toward the input."""

from dataclasses import replace

import streamlit as st

from core import ACTIVATIONS, INITS, NetSpec, TrainConfig, activation_curve, derivative_peak, derivative_peak_range, theory
from ui import charts, compute, display, frame, prefetch
from ui.i18n import options, t
from ui.views import gradient_series

DEPTHS = (1, 100)

frame.setup_page("vanishing")
frame.intro("vanishing")

@frame.fragment
def explore() -> None:
    controls, main = frame.section()
    with controls:
        depth = st.slider(t("common.depth"), *DEPTHS, 20, key="depth", bind="query-params")
        width = st.select_slider(t("common.width"), [2, 4, 8, 16, 32, 64, 128, 256, 512], 64, key="width", bind="query-params")
        activation_names = options("act", ACTIVATIONS)
        activation = frame.choice(st.selectbox, t("common.activation"), activation_names, key="activation", default="sigmoid")
        init_names = options("init", INITS)
        init = frame.choice(st.selectbox, t("common.init"), init_names, key="init")
        weight_scale = st.slider(t("common.weight_scale"), 0.1, 4.0, 1.0, 0.05, help=t("common.weight_scale_help"), key="weight_scale", bind="query-params")
        seed = st.number_input(t("common.seed"), 0, 9999, 0, key="seed", bind="query-params")

    spec = NetSpec(depth=depth, width=width, activation=activation, init=init, weight_scale=weight_scale, seed=int(seed))
    with st.spinner(t("frame.computing")):
        probe = compute.probe(spec)
    # The next depth is most likely one step away: computed while the server is idle.
    prefetch.request(compute.theory_curve, [(replace(spec, depth=d),) for d in prefetch.around(depth, 1, *DEPTHS)])

    with main:
        first, last = probe["grad_norm"].iloc[0], probe["grad_norm"].iloc[-1]
        cols = st.columns(4)
        cols[0].metric(t("vanishing.metric_ratio", depth=depth), display.number(first / last, 3) if first > 0 else t("vanishing.metric_underflow"), help=t("vanishing.metric_ratio_help"))
        if spec.effective_sigma_w is not None:
            chi = theory.chi1(activation, spec.effective_sigma_w, 0.0)
            cols[1].metric(t("vanishing.metric_chi"), f"{chi:.3f}", help=t("vanishing.metric_chi_help"))
            cols[2].metric(t("vanishing.metric_depth"), f"{theory.trainable_depth(chi):.0f}" if chi != 1 else "∞", help=t("vanishing.metric_depth_help"))
        cols[3].metric(t("vanishing.metric_saturated"), f"{probe['saturated_frac'].mean():.0%}", help=t("vanishing.metric_saturated_help"))

        series, dashed = gradient_series(probe, compute.theory_curve(spec))
        frame.chart(
            charts.gradient_flow_chart,
            series, x="layer", y="grad_norm", series="curve", title=t("vanishing.flow_title"), subtitle=t("vanishing.flow_subtitle"),
            x_title=t("common.layer"), y_title=t("common.grad_norm"), series_title=t("common.series"), dashed=dashed,
            underflow_text=t("common.underflow"), overflow_text=t("common.overflow"), value_title=t("common.grad_value"),
        )
        frame.predict(
            t("predict.vanishing.question", depth=depth, activation=activation_names[activation]),
            t("predict.vanishing.answer", depth=depth, ratio=display.number(first / last, 3) if first > 0 else t("common.underflow_short")),
        )
        frame.notebook(f"""
    from core import NetSpec, probe_gradients
    spec = {spec!r}
    grad_norm = probe_gradients(spec)["grad_norm"]  # RMS of dL/dz, layer 1 first
    print(grad_norm.to_string())
    """)
        underflowed = int((probe["grad_norm"] == 0).sum())
        if underflowed:
            st.warning(t("common.underflow_note", count=underflowed, depth=depth), icon=":material/warning:")
        if not dashed:
            st.caption(t("vanishing.theory_none"))

        left, right = frame.chart_row(2)
        with left:
            frame.chart(
                charts.distribution_chart,
                probe, title=t("vanishing.dist_title"), subtitle=t("vanishing.dist_subtitle"), x_title=t("common.layer_short"),
                y_title=t("vanishing.dist_y"), band_outer=t("vanishing.dist_outer"), band_inner=t("vanishing.dist_inner"), median=t("vanishing.dist_median"),
            )
        with right:
            frame.chart(
                charts.bar_by_layer,
                probe, "saturated_frac", title=t("vanishing.sat_title"), subtitle=t("vanishing.sat_subtitle"),
                x_title=t("common.layer_short"), y_title=t("vanishing.sat_y"), percent=True, color=charts.PALETTE[1],
                empty_text=t("vanishing.sat_none"),
            )

        peak_z, peak_value = derivative_peak(activation)
        plateau_start, plateau_end = derivative_peak_range(activation)
        if plateau_end - plateau_start < 0.05:
            peak_label = t("vanishing.act_peak", value=peak_value, z=peak_z)
        elif plateau_start <= -10:
            peak_z = 0.0
            peak_label = t("vanishing.act_peak_everywhere", value=peak_value)
        else:
            peak_label = t("vanishing.act_peak_plateau", value=peak_value, z=round(plateau_start))
        frame.chart(
            charts.activation_chart,
            activation_curve(activation), peak_z, peak_value, title=f"{t('vanishing.act_title')}: {activation_names[activation]}",
            value_label=t("vanishing.act_value"), derivative_label=t("vanishing.act_derivative"),
            peak_label=peak_label, x_title=t("vanishing.act_x"), y_title=t("vanishing.act_y"),
        )

        st.subheader(t("vanishing.train_header"))
        config = TrainConfig(steps=100, optimizer="adam", lr=0.01, layer_every=10)
        st.caption(t("vanishing.train_caption", steps=config.steps, lr=config.lr))
        start = st.button(t("vanishing.train_start"), type="primary", icon=":material/play_arrow:", key="_train_start")
        if not (start or compute.is_cached(compute.mlp_jobs({"net": spec}, config))):
            st.info(t("vanishing.train_prompt", depth=depth, steps=config.steps), icon=":material/psychology:")
            return
        result = compute.train(spec, config)
        change = result.weight_change["weight_change"]
        history = result.history
        if len(history):
            st.markdown(
                t("vanishing.train_result", loss=history["loss"].iloc[-1], accuracy=history["accuracy"].iloc[-1],
                  first=change.iloc[0], last=change.iloc[-1], ratio=change.iloc[-1] / change.iloc[0] if change.iloc[0] > 0 else float("inf"))
            )
        left, right = frame.chart_row(2)
        with left:
            frame.chart(
                charts.bar_by_layer,
                result.weight_change, "weight_change", title=t("vanishing.train_title"), subtitle=t("vanishing.train_subtitle"),
                x_title=t("common.layer_short"), y_title=t("vanishing.train_y"), log=True,
            )
        with right:
            frame.chart(
                charts.training_chart,
                history.assign(run=t("common.loss")), y="loss", run="run", title=t("vanishing.train_loss_title"),
                subtitle=t("vanishing.train_loss_subtitle"), x_title=t("common.step"), y_title=t("common.loss"), run_title=t("common.run"), log=False,
            )


explore()

frame.notice("vanishing")
frame.math(
    [
        ("vanishing.math_chain", r"\frac{\partial L}{\partial z_i} = \Big(\prod_{k=i}^{L-1} \operatorname{diag}\big(\phi'(z_k)\big)\, W_{k+1}^{\top}\Big)\, \operatorname{diag}\big(\phi'(z_L)\big)\,\frac{\partial L}{\partial h_L}"),
        ("vanishing.math_sigmoid", r"\sigma'(z) = \sigma(z)\,\big(1-\sigma(z)\big) \le \tfrac14 \;\Rightarrow\; \Big\|\frac{\partial L}{\partial z_i}\Big\| \le \big(\tfrac14\,\|W\|_2\big)^{L-i}\,\Big\|\frac{\partial L}{\partial z_L}\Big\|"),
        ("vanishing.math_mf", r"\chi_1 = \sigma_w^2\,\mathbb{E}_{z\sim\mathcal N(0,1)}\big[\phi'(\sqrt{q^*}\,z)^2\big],\qquad \frac{\mathbb{E}\,\delta_i^2}{\mathbb{E}\,\delta_{i+1}^2} \approx \chi_1"),
    ]
)
frame.reading("vanishing")
