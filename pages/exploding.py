"""Exploding gradients: the same product with factors above 1."""

import numpy as np
import pandas as pd
import streamlit as st

from core import NetSpec, TrainConfig, theory
from ui import charts, compute, display, frame
from ui.i18n import options, t
from ui.views import gradient_series, training_events, training_history

# The three nets of the depth demo: (activation, init).
NETWORKS = {"identity": ("linear", "scaled_identity"), "gaussian_tanh": ("tanh", "normal"), "gaussian_relu": ("relu", "normal")}

frame.setup_page("exploding")
frame.intro("exploding")

# --- 1. explosion through depth ------------------------------------------------
@frame.fragment
def depth_demo() -> None:
    controls, main = frame.section(t("exploding.net_header"))
    with controls:
        network_names = options("exploding.kind", NETWORKS)
        network = frame.choice(st.radio, t("exploding.net_kind"), network_names, key="network")
        weight_scale = st.slider(t("exploding.weight_scale"), 0.1, 6.0, 5.0, 0.1, key="weight_scale", bind="query-params")
        depth = st.slider(t("common.depth"), 1, 30, 10, key="depth", bind="query-params")

    activation, init = NETWORKS[network]
    spec = NetSpec(depth=depth, width=64, activation=activation, init=init, weight_scale=weight_scale)
    with st.spinner(t("frame.computing")):
        probe = compute.probe(spec)

    with main:
        gain = probe["in_grad_norm"].iloc[0] / probe["out_grad_norm"].iloc[-1]
        cols = st.columns(3)
        cols[0].metric(t("exploding.metric_gain"), display.number(gain, 6), help=t("exploding.metric_gain_help"))
        if network == "identity":
            cols[1].metric(t("exploding.metric_theory"), display.number(theory.scaled_identity_gain(weight_scale, depth), 6))
        else:
            chi = theory.chi1(activation, weight_scale, 0.0)
            cols[1].metric(t("vanishing.metric_chi"), f"{chi:.3f}", help=t("vanishing.metric_chi_help"))
        series, dashed = gradient_series(probe, compute.theory_curve(spec), {"power": "exploding.theory_power", "mean_field": "exploding.theory_mf"})
        frame.chart(
            charts.gradient_flow_chart,
            series, x="layer", y="grad_norm", series="curve", title=t("exploding.flow_title"), subtitle=t("exploding.flow_subtitle"),
            x_title=t("common.layer"), y_title=t("common.grad_norm"), series_title=t("common.series"), dashed=dashed,
            underflow_text=t("common.underflow"), overflow_text=t("common.overflow"), value_title=t("common.grad_value"),
        )
        exact = theory.scaled_identity_gain(weight_scale, depth)
        if network == "identity" and gain == exact:
            st.success(t("exploding.exact", measured=display.number(gain, 6), w=f"{weight_scale:g}", depth=depth,
                         theory=display.number(exact, 6)), icon=":material/check_circle:")
        frame.notebook(f"""
    from core import NetSpec, probe_gradients
    spec = {spec!r}
    probe = probe_gradients(spec)
    grad_norm = probe["grad_norm"]  # RMS of dL/dz, layer 1 first
    print("gain:", probe["in_grad_norm"].iloc[0] / probe["out_grad_norm"].iloc[-1])
    """)
        if network == "identity":
            frame.predict(
                t("predict.exploding.question", w=weight_scale, depth=depth, gain=display.number(gain, 6)),
                t("predict.exploding.answer", depth=depth, factor=2**depth, halved=display.number(theory.scaled_identity_gain(weight_scale / 2, depth), 6)),
            )


depth_demo()

# --- 2. one matrix, again and again ----------------------------------------------
def format_eigenvalue(value: complex) -> str:
    return f"{value.real:.4f}" if abs(value.imag) < 1e-12 else f"{value.real:.4f} ± {abs(value.imag):.4f}i"


@frame.fragment
def matrix_demo() -> None:
    st.header(t("exploding.matrix_header"), divider="gray")
    st.caption(t("exploding.matrix_caption"))
    controls, main = frame.panels()
    with controls:
        st.markdown(f"**{t('exploding.matrix_w')}**")
        top = st.columns(2)
        bottom = st.columns(2)
        entries = [
            top[0].number_input("W₁₁", -10.0, 10.0, 2.0, 0.5, key="w11", bind="query-params"),
            top[1].number_input("W₁₂", -10.0, 10.0, 3.0, 0.5, key="w12", bind="query-params"),
            bottom[0].number_input("W₂₁", -10.0, 10.0, 4.0, 0.5, key="w21", bind="query-params"),
            bottom[1].number_input("W₂₂", -10.0, 10.0, 5.0, 0.5, key="w22", bind="query-params"),
        ]
        st.markdown(f"**{t('exploding.matrix_x')}**")
        xs = st.columns(2)
        vector = [xs[0].number_input("x₁", -10.0, 10.0, 1.0, 0.5, key="x1", bind="query-params"), xs[1].number_input("x₂", -10.0, 10.0, 1.0, 0.5, key="x2", bind="query-params")]
        powers = st.slider(t("exploding.matrix_steps"), 1, 40, 15, key="powers", bind="query-params")

    matrix = np.array(entries).reshape(2, 2)
    eigen = theory.eigenvalues(matrix)
    singular = theory.singular_values(matrix)
    norms = theory.power_norms(matrix, vector, powers)
    rate, constant = theory.power_asymptote(matrix, vector)
    k = np.arange(powers + 1)
    with np.errstate(over="ignore", invalid="ignore"):
        lines = [pd.DataFrame({"k": k, "value": norms, "series": t("exploding.power_measured")})]
        if np.isfinite(constant) and constant > 0:
            lines.append(pd.DataFrame({"k": k, "value": constant * rate**k, "series": t("exploding.power_radius")}))
        lines.append(pd.DataFrame({"k": k, "value": singular[0] ** k * np.linalg.norm(vector), "series": t("exploding.power_sigma")}))
    power_frame = pd.concat(lines, ignore_index=True)

    with main:
        cols = st.columns(2)
        cols[0].metric(t("exploding.eigen"), ",  ".join(format_eigenvalue(v) for v in eigen[:: 1 if abs(eigen[0].imag) < 1e-12 else 2]))
        cols[1].metric(t("exploding.singular"), ",  ".join(f"{v:.4f}" for v in singular))
        st.caption(t("exploding.eigen_note"))
        frame.chart(
            charts.power_chart,
            power_frame, title=t("exploding.power_title"), subtitle=t("exploding.power_subtitle"), x_title=t("exploding.power_x"),
            y_title=t("exploding.power_y"), series_title=t("common.series"), dashed=[t("exploding.power_radius"), t("exploding.power_sigma")],
        )


matrix_demo()

# --- 3. training that overflows ---------------------------------------------------
@frame.fragment
def training_demo() -> None:
    controls, main = frame.section(t("exploding.train_header"))
    with controls:
        train_scale = st.slider(t("exploding.train_scale"), 0.5, 4.0, 1.0, 0.1, help=t("exploding.train_scale_help"), key="train_scale", bind="query-params")
        lr = st.select_slider(t("common.lr"), [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0], 0.3, key="lr", bind="query-params")
        threshold = st.select_slider(t("common.clip_threshold"), [0.1, 0.3, 1.0, 3.0, 10.0], 1.0, key="clip_threshold", bind="query-params")
    train_spec = NetSpec(depth=10, width=64, activation="tanh", init="normal", weight_scale=train_scale)
    plain_config = TrainConfig(optimizer="sgd", loss="mse", lr=lr, steps=150)
    clipped_config = TrainConfig(optimizer="sgd", loss="mse", lr=lr, steps=150, clip="norm", clip_threshold=threshold)
    train_probe = compute.probe(train_spec)
    with main:
        runs = {
            t("exploding.run_plain"): compute.train(train_spec, plain_config),
            t("exploding.run_clipped", threshold=threshold): compute.train(train_spec, clipped_config),
        }
    plain, clipped = runs.values()
    history = training_history(runs)
    events = training_events(runs)
    with main:
        init_ratio = train_probe["grad_norm"].iloc[0] / train_probe["grad_norm"].iloc[-1]
        st.caption(t("exploding.train_caption", steps=plain_config.steps, ratio=display.number(init_ratio, 3)))
        if plain.overflow is not None:
            if clipped.overflow is None:
                outcome = t("exploding.clipped_finite", steps=clipped_config.steps, loss=clipped.final_loss)
            else:
                outcome = t("exploding.clipped_overflow", step=clipped.overflow.step, steps=clipped_config.steps)
            st.error(t("exploding.event", step=plain.overflow.step, quantity=t(f"common.quantity.{plain.overflow.quantity}"), clipped_outcome=outcome), icon=":material/local_fire_department:")
        else:
            st.info(t("exploding.no_event", steps=plain_config.steps, loss=plain.final_loss))
        left, right = frame.chart_row(2)
        with left:
            frame.chart(
                charts.training_chart,
                history, y="loss", run="run", title=t("exploding.train_title"), subtitle=t("exploding.train_subtitle"),
                x_title=t("common.step"), y_title=t("common.loss_log"), run_title=t("common.run"), events=events,
            )
        with right:
            frame.chart(
                charts.training_chart,
                history, y="grad_norm_before", run="run", title=t("exploding.gnorm_title"), subtitle=t("exploding.gnorm_subtitle"),
                x_title=t("common.step"), y_title=t("exploding.gnorm_y"), run_title=t("common.run"), events=events,
                rules=pd.DataFrame({"value": [threshold], "label": [t("exploding.threshold", threshold=threshold)]}),
            )
        st.markdown(t("exploding.depth_vs_step"))


training_demo()

frame.notice("exploding")
frame.math(
    [
        ("exploding.math_product", r"\frac{\partial L}{\partial x} = (w I)^{\top L}\,\frac{\partial L}{\partial h_L} = w^{L}\,\frac{\partial L}{\partial h_L},\qquad 5^{10} = 9\,765\,625"),
        ("exploding.math_spectral", r"\Big\|\frac{\partial L}{\partial h_i}\Big\| \le \prod_{k=i+1}^{L} \big\|\operatorname{diag}(\phi'(z_k))\big\|\,\|W_k\|_2\;\Big\|\frac{\partial L}{\partial h_L}\Big\|,\qquad \|W^k x\| \le \sigma_{\max}^k\,\|x\|"),
        ("exploding.math_clip", r"g \leftarrow \begin{cases} \tau\, g / \|g\| & \text{if } \|g\| \ge \tau \\ g & \text{otherwise} \end{cases}"),
    ]
)
frame.reading("exploding")
