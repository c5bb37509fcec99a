"""Exploding gradients: the same product with factors above 1."""

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from core import NetSpec, theory
from core.claims import exploding as claims
from ui import charts, compute, display, frame, predict
from ui import netpic, scrub
from ui.i18n import options, t
from ui.views import gradient_series, training_events, training_history

# The three nets of the depth demo: (activation, init).
NETWORKS = {"identity": ("linear", "scaled_identity"), "gaussian_tanh": ("tanh", "normal"), "gaussian_relu": ("relu", "normal")}

LOSS_HEADROOM = 1.5  # the loss axis ends this far above the runs' first loss and the baseline
TRAIN_OUTCOMES = ("plain", "both", "neither", "clipped")  # which of the two runs overflows: the training question's answers
# The depth demo's weight-scale slider, which scrubs in the browser (ui/scrub.py): its range and
# step, the same range as step numbers k (w = k x W_STEP, the key of its family chart) and the
# chart's param it drives.
W_RANGE, W_STEP = (0.1, 6.0), 0.1
W_STEPS = (scrub.step_number(W_RANGE[0], W_STEP), scrub.step_number(W_RANGE[1], W_STEP))
SCRUB_SIGNAL = "scrub_weight_scale"


def halving_guesses(depth: int) -> dict[str, tuple[int, str]]:
    """The factors a student may expect halving w to divide the gain by,
    (factor, label) per answer: one factor of 2, one per layer added up, or
    one per layer multiplied (2^depth, the right one)."""
    return {"once": (2, "÷2"), "per_layer": (2 * depth, f"÷2×{depth}"), "power": (2**depth, f"÷2{display.superscript(depth)}")}


def gain_texts(gain: float, exact: float | None = None) -> tuple[str, str]:
    """The measured gain and wᴸ (`exact`; None for a net that has none) as the metrics show
    them, 6 significant figures each. A whole number is spelled out only when the measurement
    is exactly wᴸ (5¹⁰ = 9,765,625): a float32 measurement above 2²³ is always a whole number,
    and "14,455,505" beside wᴸ "1.44555e+07" (w = 5.2) read as two different numbers."""
    whole_below = 1e12 if gain == exact else 0
    return display.number(gain, 6, whole_below=whole_below), display.number(exact if exact is not None else math.nan, 6, whole_below=whole_below)


def chi_text(chi: float) -> str:
    return f"{chi:.3f}"


def train_outcome(plain, clipped) -> str:
    """Which of the two runs (TrainResults) overflowed: a key of TRAIN_OUTCOMES."""
    return {(True, False): "plain", (True, True): "both", (False, False): "neither", (False, True): "clipped"}[
        (plain.overflow is not None, clipped.overflow is not None)]


frame.setup_page("exploding")
frame.intro("exploding", **claims.activation_peaks())

# --- 1. explosion through depth ------------------------------------------------
@frame.fragment
def depth_demo() -> None:
    controls, main = frame.section(t("exploding.net_header"))
    with controls:
        network_names = options("exploding.kind", NETWORKS)
        network = frame.choice(st.radio, t("exploding.net_kind"), network_names, key="network")
        weight_scale = scrub.slider(t("exploding.weight_scale"), *W_RANGE, claims.HEADLINE_W, step=W_STEP, key="weight_scale", signal=SCRUB_SIGNAL)
        depth = frame.control(st.slider, t("common.depth"), 1, 30, claims.HEADLINE_DEPTH, key="depth")

    activation, init = NETWORKS[network]
    spec = NetSpec(depth=depth, width=claims.PROBE_WIDTH, activation=activation, init=init, weight_scale=weight_scale)
    with st.spinner(t("frame.computing")):
        probe = compute.probe(spec)
    # layer 0 = dL/dx: the chart's leftmost point is the gain the metric shows
    measured, theory_curve = claims.with_input_layer(spec, probe, compute.theory_curve(spec))

    with main:
        gain = probe["in_grad_norm"].iloc[0] / probe["out_grad_norm"].iloc[-1]
        if network == "identity":  # the question first; the halved gain only in the reveal
            guesses = halving_guesses(depth)
            question = t("predict.exploding.question", w=weight_scale, depth=depth, gain=gain_texts(gain, theory.scaled_identity_gain(weight_scale, depth))[0])
            guess = predict.ask("exploding.halving", question, choices={key: label for key, (_, label) in guesses.items()})
            if guess is not None and not guess.skipped:
                halving = claims.halving(weight_scale, depth)
                factor, label = guesses.get(guess.value, (None, guess.label))  # relabelled: the depth may have moved since
                predict.reveal("exploding.halving", replace(guess, label=label),
                               t("predict.exploding.answer", depth=depth, factor=halving["factor"], halved=display.number(halving["halved"], 6)),
                               correct=factor == halving["factor"])
        # Every weight scale at once, once the server has computed it in idle time (None until
        # then): the slider then redraws the chart and the metrics in the browser.
        family = compute.ready_weight_scale_family(spec, W_STEPS, W_STEP)
        scales = compute.weight_scales(W_STEPS, W_STEP)
        identity = network == "identity"
        exact_of = lambda w: theory.scaled_identity_gain(w, depth) if identity else None  # noqa: E731
        shown = gain_texts(gain, exact_of(weight_scale))
        followed_gains = [gain_texts(g, exact_of(w)) for g, w in zip(family.gains, scales)] if family is not None else None
        cols = st.columns(3)
        with cols[0]:
            st.metric(t("exploding.metric_gain"), shown[0], help=t("exploding.metric_gain_help"))
            if family is not None:
                scrub.follow_metric(SCRUB_SIGNAL, W_STEPS[0], [t("exploding.metric_gain")] * len(scales), [texts[0] for texts in followed_gains],
                                   at=scrub.step_number(weight_scale, W_STEP), key="_gain_follow")
        with cols[1]:
            if identity:
                st.metric(t("exploding.metric_theory"), shown[1])
                followed = [texts[1] for texts in followed_gains] if family is not None else None
            else:
                st.metric(t("vanishing.metric_chi"), chi_text(theory.chi1(activation, weight_scale, 0.0)), help=t("vanishing.metric_chi_help"))
                followed = [chi_text(chi) for chi in family.chis] if family is not None else None
            if family is not None:
                label = t("exploding.metric_theory" if network == "identity" else "vanishing.metric_chi")
                scrub.follow_metric(SCRUB_SIGNAL, W_STEPS[0], [label] * len(scales), followed, at=scrub.step_number(weight_scale, W_STEP), key="_theory_follow")
        theory_labels = {"power": "exploding.theory_power", "mean_field": "exploding.theory_mf"}
        labels = dict(
            x="layer", y="grad_norm", series="curve", title=t("exploding.flow_title"), subtitle=t("exploding.flow_subtitle"),
            x_title=t("exploding.layer_axis"), y_title=t("exploding.flow_y"), series_title=t("common.series"),
            underflow_text=t("common.underflow"), overflow_text=t("common.overflow"), value_title=t("common.grad_value"),
        )
        if family is not None:
            series, dashed = gradient_series(family.measured, (family.theory_kind, family.theory) if family.theory_kind else None, theory_labels, family="w_step")
            frame.chart(charts.gradient_flow_family_chart, series, initial=scrub.step_number(claims.HEADLINE_W, W_STEP), signal=SCRUB_SIGNAL,
                        family="w_step", y_span="family", dashed=dashed, **labels)
        else:
            series, dashed = gradient_series(measured, theory_curve, theory_labels)
            frame.chart(charts.gradient_flow_chart, series, dashed=dashed, **labels)
        netpic.show(probe, widths=[claims.PROBE_WIDTH] * (depth + 1), value_title=t("common.grad_value"), key="netpic")
        exact = theory.scaled_identity_gain(weight_scale, depth)
        if network == "identity" and gain == exact:
            st.success(t("exploding.exact", measured=gain_texts(gain, exact)[0], w=f"{weight_scale:g}", depth=depth,
                         theory=gain_texts(gain, exact)[1]), icon=":material/check_circle:")
        frame.notebook(f"""
    import pandas as pd
    from core import NetSpec, probe_gradients
    spec = {spec!r}
    probe = probe_gradients(spec)
    # the chart: layer 0 is dL/dx (the input), then dL/dz of layers 1..L (RMS)
    grad_norm = pd.concat([probe["in_grad_norm"].iloc[:1], probe["grad_norm"]], ignore_index=True)
    print("gain:", probe["in_grad_norm"].iloc[0] / probe["out_grad_norm"].iloc[-1])
    """)


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
        (w11, w12), (w21, w22) = claims.DEFAULT_MATRIX
        entries = [
            frame.control(top[0].number_input, "W₁₁", -10.0, 10.0, w11, 0.5, key="w11"),
            frame.control(top[1].number_input, "W₁₂", -10.0, 10.0, w12, 0.5, key="w12"),
            frame.control(bottom[0].number_input, "W₂₁", -10.0, 10.0, w21, 0.5, key="w21"),
            frame.control(bottom[1].number_input, "W₂₂", -10.0, 10.0, w22, 0.5, key="w22"),
        ]
        st.markdown(f"**{t('exploding.matrix_x')}**")
        xs = st.columns(2)
        x1, x2 = claims.DEFAULT_VECTOR
        vector = [frame.control(xs[0].number_input, "x₁", -10.0, 10.0, x1, 0.5, key="x1"), frame.control(xs[1].number_input, "x₂", -10.0, 10.0, x2, 0.5, key="x2")]
        powers = frame.control(st.slider, t("exploding.matrix_steps"), 1, 40, claims.DEFAULT_POWERS, key="powers")

    matrix = np.array(entries).reshape(2, 2)
    eigen = theory.eigenvalues(matrix)
    singular = theory.singular_values(matrix)
    lines = claims.power_lines(matrix, vector, powers)
    curves = {"measured": "exploding.power_measured", "radius": "exploding.power_radius", "sigma": "exploding.power_sigma"}
    power_frame = pd.concat(
        [pd.DataFrame({"k": lines["k"], "value": lines[name], "series": t(label)}) for name, label in curves.items() if lines[name] is not None],
        ignore_index=True,
    )

    with main:
        cols = st.columns(2)
        cols[0].metric(t("exploding.eigen"), ",  ".join(format_eigenvalue(v) for v in eigen[:: 1 if abs(eigen[0].imag) < 1e-12 else 2]))
        cols[1].metric(t("exploding.singular"), ",  ".join(f"{v:.4f}" for v in singular))
        frame.chart(
            charts.power_chart,
            power_frame, title=t("exploding.power_title"), subtitle=t("exploding.power_subtitle"), x_title=t("exploding.power_x"),
            y_title=t("exploding.power_y"), series_title=t("common.series"), dashed=[t("exploding.power_radius"), t("exploding.power_sigma")],
        )
        st.caption(t("exploding.power_note"))
        st.caption(t("exploding.eigen_note", **claims.article_matrix()))


matrix_demo()

# --- 3. a fresh matrix at every step -----------------------------------------------
@frame.fragment
def products_demo() -> None:
    samples, (low, high) = claims.PRODUCT_SAMPLES, claims.PRODUCT_BAND
    controls, main = frame.section(t("exploding.product_header"), t("exploding.product_caption", samples=samples))
    with controls:
        n = frame.control(st.slider, t("exploding.product_n"), *claims.PRODUCT_SIZES, claims.PRODUCT_N, key="product_n")
        sigma_low, sigma_high, sigma_step = claims.PRODUCT_SIGMAS
        sigma = frame.control(st.slider, t("exploding.product_sigma"), sigma_low, sigma_high, claims.PRODUCT_SIGMA, sigma_step, key="product_sigma")
        steps = frame.control(st.slider, t("exploding.product_steps"), 1, claims.PRODUCT_MAX_STEPS, claims.PRODUCT_STEPS, key="product_steps")
        draw = frame.control(st.slider, t("exploding.product_draw"), *claims.PRODUCT_DRAWS, claims.PRODUCT_DRAW, key="product_draw",
                             help=t("exploding.product_draw_help"))
    lines = claims.product_lines(n, sigma, steps, draw)
    # natural logs -> log10 for the chart; the band is the fresh products' spread
    curves = {"median": "exploding.product_fresh", "theory": "exploding.product_theory", "single": "exploding.product_single", "radius": "exploding.product_radius"}
    chart_lines = pd.concat(
        [pd.DataFrame({"k": lines["k"], "log10_norm": lines[name] / np.log(10), "series": t(label)}) for name, label in curves.items() if lines[name] is not None],
        ignore_index=True,
    )
    band = pd.DataFrame({"k": lines["k"], "low": lines["low"] / np.log(10), "high": lines["high"] / np.log(10)})
    groups = {t("exploding.product_fresh"): 0, t("exploding.product_theory"): 0, t("exploding.product_single"): 1, t("exploding.product_radius"): 1}
    with main:
        cols = st.columns(3)
        cols[0].metric(t("exploding.metric_lyapunov"), f"{lines['measured']:.3f}", help=t("exploding.metric_lyapunov_help", samples=samples))
        cols[1].metric(t("exploding.metric_lyapunov_theory"), f"{lines['lyapunov']:.3f}", help=t("exploding.metric_lyapunov_theory_help"))
        cols[2].metric(t("exploding.metric_radius"), f"{lines['rho']:.3f}", help=t("exploding.metric_radius_help", log_rho=np.log(lines["rho"])))
        frame.chart(
            charts.product_chart,
            chart_lines, band, title=t("exploding.product_title"), subtitle=t("exploding.product_subtitle", low=low, high=high, samples=samples),
            x_title=t("exploding.product_x"), y_title=t("exploding.product_y"), series_title=t("common.series"),
            dashed=[t("exploding.product_theory"), t("exploding.product_radius")], groups=groups,
        )
        if lines["radius"] is None:  # W^k x became exactly 0: no growth rate to draw
            st.warning(t("exploding.product_zero"), icon=":material/exposure_zero:")
        st.caption(t("exploding.product_note", measured=lines["measured"], lyapunov=lines["lyapunov"], growth=np.exp(lines["lyapunov"]),
                     rho=lines["rho"], slope=lines["slope"], log_rho=np.log(lines["rho"])))
        st.markdown(t("exploding.product_point", **claims.radius_spread()))


products_demo()

# --- 4. training that overflows ---------------------------------------------------
@frame.fragment
def training_demo() -> None:
    controls, main = frame.section(t("exploding.train_header"))
    low, high, step = claims.TRAIN_SCALE_RANGE
    default = claims.DIVERGENCE
    with controls:
        train_scale = frame.control(st.slider, t("exploding.train_scale"), low, high, default["train_scale"], step,
                                    help=t("exploding.train_scale_help", **claims.train_scale_help()), key="train_scale")
        lr = frame.control(st.select_slider, t("common.lr"), claims.LEARNING_RATES, default["lr"], key="lr")
        threshold = frame.control(st.select_slider, t("common.clip_threshold"), claims.CLIP_THRESHOLDS, default["clip_threshold"], key="clip_threshold")
        button = st.empty()  # the Train button, once this session has answered the question (predict.ask_to_run)
    train_spec = claims.training_spec(train_scale)
    plain_config, clipped_config = claims.training_configs(lr, threshold)
    jobs = compute.mlp_jobs({t("exploding.run_plain"): train_spec}, plain_config) | compute.mlp_jobs({t("exploding.run_clipped", threshold=threshold): train_spec}, clipped_config)
    baseline = claims.baseline(plain_config)
    with main:
        st.caption(t("exploding.train_caption", depth=train_spec.depth, steps=plain_config.steps, ratio=display.number(claims.init_gradient_ratio(train_scale), 3)))
        outcomes = {outcome: t(f"predict.exploding.outcome.{outcome}") for outcome in TRAIN_OUTCOMES}
        question = t("predict.exploding.train_question", steps=plain_config.steps, threshold=threshold)
        guess, start = predict.ask_to_run("exploding.train", question, choices=outcomes, button=t("exploding.train_start"), slot=button,
                                          button_key="_train_start", icon=":material/play_arrow:")
        if guess is not None and not (start or compute.is_cached(jobs)):
            st.info(t("exploding.train_prompt", question=question), icon=":material/psychology:")
        if guess is None or not (start or compute.is_cached(jobs)):
            st.markdown(t("exploding.depth_vs_step", **claims.depth_vs_step()))
            return
        runs = compute.run_streaming(jobs)
    plain, clipped = runs.values()
    history = training_history(runs)
    events = training_events(runs)
    with main:
        outcome = train_outcome(plain, clipped)
        predict.reveal("exploding.train", guess, t("predict.exploding.train_answer", outcome=outcomes[outcome]), correct=guess.value == outcome)
        if plain.overflow is not None:
            if clipped.overflow is not None:
                outcome = t("exploding.clipped_overflow", step=clipped.overflow.step, steps=clipped_config.steps)
            else:
                learned = clipped.final_loss < baseline["mse"]
                outcome = t("exploding.clipped_learned" if learned else "exploding.clipped_stuck", steps=clipped_config.steps, loss=clipped.final_loss,
                            baseline=baseline["mse"], mean=baseline["mean"])
            st.error(t("exploding.event", step=plain.overflow.step, quantity=t(f"common.quantity.{plain.overflow.quantity}"), clipped_outcome=outcome), icon=":material/local_fire_department:")
        else:
            st.info(t("exploding.no_event", steps=plain_config.steps, loss=plain.final_loss, baseline=baseline["mse"], mean=baseline["mean"]))
        first_losses = [result.history["loss"].iloc[0] for result in runs.values() if len(result.history)]
        left, right = frame.chart_row(2)
        with left:
            frame.chart(
                charts.training_chart,
                history, y="loss", run="run", title=t("exploding.train_title"), subtitle=t("exploding.train_subtitle"),
                x_title=t("common.step"), y_title=t("common.loss"), run_title=t("common.run"), events=events, log=False,
                y_max=LOSS_HEADROOM * max([baseline["mse"], *first_losses]),
                rules=pd.DataFrame({"value": [baseline["mse"]], "label": [t("exploding.baseline", mean=baseline["mean"], mse=baseline["mse"])]}),
            )
        with right:
            frame.chart(
                charts.training_chart,
                history, y="param_grad_norm_before", run="run", title=t("exploding.gnorm_title"), subtitle=t("exploding.gnorm_subtitle"),
                x_title=t("common.step"), y_title=t("exploding.gnorm_y"), run_title=t("common.run"), events=events,
                rules=pd.DataFrame({"value": [threshold], "label": [t("exploding.threshold", threshold=threshold)]}),
            )
        st.markdown(t("exploding.depth_vs_step", **claims.depth_vs_step()))


training_demo()

frame.notice("exploding", **claims.notice())
frame.math(
    [
        ("exploding.math_product", r"\frac{\partial L}{\partial x} = (w I)^{\top L}\,\frac{\partial L}{\partial h_L} = w^{L}\,\frac{\partial L}{\partial h_L},\qquad " + claims.math_product()),
        ("exploding.math_spectral", r"\Big\|\frac{\partial L}{\partial h_i}\Big\| \le \prod_{k=i+1}^{L} \big\|\operatorname{diag}(\phi'(z_k))\big\|\,\|W_k\|_2\;\Big\|\frac{\partial L}{\partial h_L}\Big\|,\qquad \|W^k x\| \le \sigma_{\max}^k\,\|x\|"),
        ("exploding.math_clip", r"g \leftarrow \begin{cases} \tau\, g / \|g\| & \text{if } \|g\| \ge \tau \\ g & \text{otherwise} \end{cases}"),
    ]
)
frame.reading("exploding")
