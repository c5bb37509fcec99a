"""Vanishing gradients: the chain-rule product shrinking toward the input."""

import math
from dataclasses import replace

import pandas as pd
import streamlit as st

from core import ACTIVATIONS, INITS, NetSpec, TrainConfig, activation_curve, derivative_peak, derivative_peak_range
from core.claims import vanishing as claims
from core.symmetry import INITS as SYMMETRY_INITS, LARGE_STD, SMALL_STD
from core.probe import SATURATION_LEVEL
from ui import charts, compute, display, frame, predict, prefetch
from ui import netpic, scrub
from ui.i18n import options, t
from ui.views import gradient_series

DEFAULT = claims.DEFAULT_SPEC
DEPTHS = (1, claims.DEEPEST)
ZERO_SHORT = {"underflow": "common.underflow_short", "dead": "common.dead_short", "zero_scale": "common.zero_scale_short"}
ZERO_NOTES = {"underflow": "common.underflow_note", "dead": "common.dead_note", "zero_scale": "common.zero_scale_note"}
GUESS_DECADES = (-45, 45)  # a guessed ratio 10^k: float32 underflows below 10^-45; ReLU at scale 4, depth 100 reaches 10^44
SCRUB_SIGNAL = "scrub_depth"  # the gradient-flow chart's depth param, which the depth slider drives in the browser
MOVES = ("less", "same", "more")  # the first layer's weights moved over 10x less / within 10x / over 10x more than the last's

frame.setup_page("vanishing")
frame.intro("vanishing")


def ratio_text(probe: pd.DataFrame, short: bool = False) -> str:
    """Layer 1's gradient over the last layer's; for an exact 0, why it is
    0 (short: just "0", or "0 / 0" when no layer gets a gradient, to fit a
    metric; the warnings below it give the cause)."""
    first, last = probe["grad_norm"].iloc[0], probe["grad_norm"].iloc[-1]
    if last == 0:
        return "0 / 0" if short else t("vanishing.metric_none")
    if first == 0:
        return "0" if short else t(ZERO_SHORT[probe["zero_cause"].iloc[0]])
    return display.number(first / last, 3)


@frame.fragment
def explore() -> None:
    controls, main = frame.section()
    with controls:
        depth = scrub.slider(t("common.depth"), *DEPTHS, DEFAULT.depth, key="depth", signal=SCRUB_SIGNAL)
        width = frame.control(st.select_slider, t("common.width"), [2, 4, 8, 16, 32, 64, 128, 256, 512], DEFAULT.width, key="width")
        activation_names = options("act", ACTIVATIONS)
        activation = frame.choice(st.selectbox, t("common.activation"), activation_names, key="activation", default=DEFAULT.activation)
        init_names = options("init", INITS)
        init = frame.choice(st.selectbox, t("common.init"), init_names, key="init", default=DEFAULT.init)
        weight_scale = frame.control(st.slider, t("common.weight_scale"), 0.1, 4.0, DEFAULT.weight_scale, 0.05, help=t("common.weight_scale_help"), key="weight_scale")
        seed = frame.control(st.number_input, t("common.seed"), 0, 9999, DEFAULT.seed, key="seed")

    spec = NetSpec(depth=depth, width=width, activation=activation, init=init, weight_scale=weight_scale, seed=int(seed))
    with st.spinner(t("frame.computing")):
        probe = compute.probe(spec)
        depth_claim = claims.depth_claim(spec, probe)
    # The next depth is most likely one step away: computed while the server is idle.
    prefetch.request(compute.theory_curve, [(replace(spec, depth=d),) for d in prefetch.around(depth, 1, *DEPTHS)])

    with main:
        first, last = probe["grad_norm"].iloc[0], probe["grad_norm"].iloc[-1]
        guess = predict.ask("vanishing.ratio", t("predict.vanishing.question", depth=depth, activation=activation_names[activation]), decades=GUESS_DECADES)
        if guess is not None:
            if not guess.skipped:
                # Right: within a power of ten, or the lowest power for a gradient that underflowed to 0.
                correct = predict.decades_between(guess, first / last) < 1 if first > 0 else guess.value == GUESS_DECADES[0] and last > 0
                predict.reveal("vanishing.ratio", guess, t("predict.vanishing.answer", depth=depth, ratio=ratio_text(probe)), correct=correct)
            measured(spec, probe, depth_claim)
        distributions_and_activation(probe, activation, activation_names)
    derivation()  # a fragment of its own inside this one: its controls rerun only it
    training(spec)


def measured(spec: NetSpec, probe: pd.DataFrame, depth_claim) -> None:
    """What answers the question: the ratio and the theory's metrics, the
    gradient-flow chart and the notes on exact zeros."""
    depth = spec.depth
    # Every depth at once, once the server has computed it in idle time (None until then,
    # and above width 64): the depth slider then redraws the chart and the headline in the browser.
    family = compute.ready_depth_family(spec, DEPTHS) if spec.width <= compute.FAMILY_MAX_WIDTH else None
    cols = st.columns(4)
    with cols[0]:
        st.metric(t("vanishing.metric_ratio", depth=depth), ratio_text(probe, short=True), help=t("vanishing.metric_ratio_help"))
        if family is not None:  # the headline follows the depth slider in the browser
            depths = range(DEPTHS[0], DEPTHS[1] + 1)
            by_depth = dict(tuple(family.measured.groupby("depth")))
            scrub.follow_metric(SCRUB_SIGNAL, DEPTHS[0], [t("vanishing.metric_ratio", depth=d) for d in depths],
                                [ratio_text(by_depth[d], short=True) for d in depths], at=depth, key="_ratio_follow")
    if depth_claim is not None:
        case, fields = depth_claim
        trainable = fields["depth"]
        cols[1].metric(t("vanishing.metric_chi"), f"{fields['chi']:.3g}", help=t("vanishing.metric_chi_help"))
        cols[2].metric(
            t("vanishing.metric_depth"), display.number(round(trainable)) if math.isfinite(trainable) else t("vanishing.metric_depth_unbounded"),
            help=t("vanishing.metric_depth_help", factor=fields["factor"]),
        )
    cols[3].metric(t("vanishing.metric_saturated"), f"{probe['saturated_frac'].mean():.0%}", help=t("vanishing.metric_saturated_help", level=SATURATION_LEVEL))
    if depth_claim is not None:
        text = t(f"vanishing.phase.{case}", **fields)
        if fields.get("stray"):  # the measurement far from the dashed theory: say why
            direction, factor = fields["stray"]
            text += t(f"vanishing.phase.stray_{direction}", measured=ratio_text(probe, short=True), factor=display.number(factor, 2), width=spec.width)
        st.markdown(text)

    labels = dict(
        x="layer", y="grad_norm", series="curve", title=t("vanishing.flow_title"), subtitle=t("vanishing.flow_subtitle"),
        x_title=t("common.layer"), y_title=t("common.grad_norm"), series_title=t("common.series"),
        underflow_text=t("common.underflow"), overflow_text=t("common.overflow"), value_title=t("common.grad_value"), zero_text_column="zero_text",
    )
    if family is not None:
        series, dashed = gradient_series(family.measured, (family.theory_kind, family.theory) if family.theory_kind else None, zero_causes=True)
        frame.chart(charts.gradient_flow_family_chart, series, initial=DEFAULT.depth, signal=SCRUB_SIGNAL, dashed=dashed, **labels)
    else:
        series, dashed = gradient_series(probe, compute.theory_curve(spec), zero_causes=True)
        frame.chart(charts.gradient_flow_chart, series, dashed=dashed, **labels)
    netpic.show(probe, widths=[spec.width] * (depth + 1), value_title=t("common.grad_value"), key="netpic")
    frame.notebook(f"""
    from core import NetSpec, probe_gradients
    spec = {spec!r}
    probe = probe_gradients(spec)
    grad_norm = probe["grad_norm"]  # RMS of dL/dz, layer 1 first
    print(probe[["layer", "grad_norm", "zero_cause"]].to_string())
    """)
    for cause, count in claims.zero_layers(probe).items():
        st.warning(t(ZERO_NOTES[cause], count=count, depth=depth), icon=":material/warning:")
    if not dashed and probe["grad_norm"].iloc[-1] > 0:
        st.caption(t("vanishing.theory_none"))
    not_saturation = claims.saturation_claim(spec, probe)
    if not_saturation is not None:
        st.info(t("vanishing.not_saturation", **(not_saturation | {"ratio": ratio_text(probe)})), icon=":material/lightbulb:")


def distributions_and_activation(probe: pd.DataFrame, activation: str, activation_names: dict) -> None:
    """The activations per layer, the saturated share and the activation's derivative: they do not answer the question."""
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
            probe, "saturated_frac", title=t("vanishing.sat_title"), subtitle=t("vanishing.sat_subtitle", level=SATURATION_LEVEL),
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


XAVIER_DEFAULT = claims.DERIVATION_SPEC
XAVIER_WIDTHS = [16, 32, 64, 128, 256, 512]
XAVIER_DEPTHS = (2, 50)
XAVIER_SIGMA_W = (0.1, 3.0)
# The derivation's lines (LaTeX) and the sentence under each, which formats in the measured numbers.
XAVIER_LINES = [
    (r"z_i = W_i\,h_{i-1},\qquad \mathbb{E}\,W_{jk} = 0,\qquad W_i \perp h_{i-1}", "vanishing.xavier_line_weights"),
    (r"\operatorname{Var}(z_i) = n_{\text{in}}\,\operatorname{Var}(W)\;\mathbb{E}\big[h_{i-1}^2\big]", "vanishing.xavier_line_step"),
    (r"\begin{aligned} \text{ReLU: }\ \mathbb{E}[h^2] &= \tfrac12 \operatorname{Var}(z) \\ \Rightarrow\ \operatorname{Var}(z_i) &= \tfrac12\, n_{\text{in}} \operatorname{Var}(W)\, \operatorname{Var}(z_{i-1}) \\"
     r" \Rightarrow\ \text{He: }\ \operatorname{Var}(W) &= \frac{2}{n_{\text{in}}} \end{aligned}", "vanishing.xavier_line_gain"),
    (r"\begin{aligned} \tanh,\ z \approx 0\text{: }\ \mathbb{E}[h^2] &\approx \operatorname{Var}(z) \\ \Rightarrow\ \text{LeCun: }\ \operatorname{Var}(W) &= \frac{1}{n_{\text{in}}} \\"
     r" \text{Glorot: }\ \operatorname{Var}(W) &= \frac{1}{(n_{\text{in}} + n_{\text{out}})/2} \end{aligned}", "vanishing.xavier_line_glorot"),
    (r"\begin{aligned} \operatorname{Var}(\delta_{i-1}) &= n_{\text{out}}\,\operatorname{Var}(W)\;\mathbb{E}\big[\phi'(z_{i-1})^2\big]\,\operatorname{Var}(\delta_i), \\ \delta_i &= \partial L / \partial z_i \end{aligned}", "vanishing.xavier_line_back"),
]


@frame.fragment
def derivation() -> None:
    """Xavier and He derived, Var(z) = n Var(W) E[h^2] line by line, beside
    one fresh net's measured numbers (core.claims.vanishing.variance_steps)."""
    controls, main = frame.section(t("vanishing.xavier_header"))
    with controls:
        activation_names = options("act", ACTIVATIONS)
        activation = frame.choice(st.selectbox, t("common.activation"), activation_names, key="var_activation", default=XAVIER_DEFAULT.activation)
        init_names = options("init", claims.DERIVATION_INITS)
        init = frame.choice(st.selectbox, t("common.init"), init_names, key="var_init", default=XAVIER_DEFAULT.init)
        sigma_w = frame.control(st.slider, t("vanishing.xavier_sigma_w"), *XAVIER_SIGMA_W, XAVIER_DEFAULT.weight_scale, 0.05,
                                help=t("vanishing.xavier_sigma_w_help"), disabled=init != "normal", key="var_sigma_w")
        width = frame.control(st.select_slider, t("common.width"), XAVIER_WIDTHS, XAVIER_DEFAULT.width, key="var_width")
        depth = frame.control(st.slider, t("common.depth"), *XAVIER_DEPTHS, XAVIER_DEFAULT.depth, key="var_depth")
    spec = replace(XAVIER_DEFAULT, depth=depth, width=width, activation=activation, init=init, weight_scale=sigma_w if init == "normal" else 1.0)
    with st.spinner(t("frame.computing")):
        steps = compute.variance_steps(spec)
    fields = claims.derivation_claim(spec, steps) | {"activation": activation_names[activation], "init": init_names[init]}

    with main:
        st.caption(t("vanishing.xavier_caption", **fields))
        cols = st.columns(3)
        cols[0].metric(t("vanishing.xavier_metric_measured"), f"{fields['factor']:.3f}", help=t("vanishing.xavier_metric_measured_help"))
        cols[1].metric(t("vanishing.xavier_metric_theory"), f"{fields['factor_theory']:.3f}", help=t("vanishing.xavier_metric_theory_help"))
        cols[2].metric(t("vanishing.xavier_metric_back"), f"{fields['back']:.3f}", help=t("vanishing.xavier_metric_back_help"))
        for latex, key in XAVIER_LINES:  # each line, the numbers it gives for this net under it (a formula needs the width)
            st.latex(latex)
            st.markdown(t(key, **fields))
        step, recursion = t("vanishing.xavier_step"), t("vanishing.xavier_recursion")
        series = pd.concat([
            pd.DataFrame({"layer": steps["layer"], "var_z": steps["var_z"], "curve": t("vanishing.xavier_measured")}),
            pd.DataFrame({"layer": steps["layer"], "var_z": steps["var_z_step"], "curve": step}),
            pd.DataFrame({"layer": steps["layer"], "var_z": steps["var_z_theory"], "curve": recursion}),
        ], ignore_index=True)
        frame.chart(
            charts.gradient_flow_chart,
            series, x="layer", y="var_z", series="curve", title=t("vanishing.xavier_chart_title"), subtitle=t("vanishing.xavier_chart_subtitle"),
            x_title=t("common.layer"), y_title=t("vanishing.xavier_chart_y"), series_title=t("common.series"), dashed=[step, recursion],
            underflow_text=t("common.underflow"), overflow_text=t("common.overflow"), value_title=t("vanishing.xavier_chart_y"),
        )
        st.caption(t("vanishing.xavier_drift", **fields))


def training(spec: NetSpec) -> None:
    """Do the early layers learn? Asked first; trained on the button (or shown from the shared cache after the guess)."""
    st.subheader(t("vanishing.train_header"))
    config = TrainConfig(steps=100, optimizer="adam", lr=0.01, layer_every=100)  # per-layer gradients are not shown: recorded at the ends only
    st.caption(t("vanishing.train_caption", steps=config.steps, lr=config.lr))
    question = t("predict.vanishing.train_question", depth=spec.depth, steps=config.steps, band=claims.MOVE_BAND)
    moves = {move: t(f"predict.vanishing.move.{move}", band=claims.MOVE_BAND) for move in MOVES}
    guess, start = predict.ask_to_run("vanishing.train", question, choices=moves, button=t("vanishing.train_start"), slot=st.empty(),
                                      button_key="_train_start", icon=":material/play_arrow:")
    if guess is None:
        return
    if not (start or compute.is_cached(compute.mlp_jobs({"net": spec}, config))):
        st.info(t("vanishing.train_prompt", question=question), icon=":material/psychology:")
        return
    result = compute.train(spec, config)
    history = result.history
    outcome = claims.training_claim(result)
    if outcome is not None:
        case, fields = outcome
        predict.reveal("vanishing.train", guess, t("predict.vanishing.train_answer", first=fields["first"], last=fields["last"]),
                       correct=guess.value == claims.first_layer_move(fields["first"], fields["last"]))
        st.markdown(t("vanishing.train_result" if case == "moved" else "vanishing.train_result_still", **fields))
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
            subtitle=t("vanishing.train_loss_subtitle", chance=claims.chance_loss()), x_title=t("common.step"), y_title=t("common.loss"), run_title=t("common.run"), log=False,
        )


explore()


# --- zero init and symmetry: six inits on one net ------------------------------------------
SYMMETRY = claims.SYMMETRY_DEFAULT
SYMMETRY_FEATURES = ("one", "few", "all")  # the predicted distinct units of a constant net's hidden layer


def symmetry_features(distinct: int, width: int) -> str:
    """The answer among SYMMETRY_FEATURES: one unit, all `width`, or between."""
    return "one" if distinct == 1 else "all" if distinct == width else "few"


@frame.fragment
def symmetry_demo() -> None:
    """Zero, constant, too small, too large, Xavier and He on one net (core.symmetry): the gradient at
    init for everyone; a short training, with how many distinct units each layer keeps, after the guess."""
    controls, main = frame.section(t("vanishing.sym_header"))
    with controls:
        activation_names = options("act", ACTIVATIONS)
        activation = frame.choice(st.selectbox, t("common.activation"), activation_names, key="sym_activation", default=SYMMETRY.activation)
        depth = frame.control(st.slider, t("common.depth"), *claims.SYMMETRY_DEPTHS, SYMMETRY.depth, key="sym_depth")
        width = frame.control(st.slider, t("common.width"), *claims.SYMMETRY_WIDTHS, SYMMETRY.width, key="sym_width")
        c_low, c_high, c_step = claims.SYMMETRY_CONSTANTS
        constant = frame.control(st.slider, t("vanishing.sym_constant"), c_low, c_high, SYMMETRY.constant, c_step, help=t("vanishing.sym_constant_help"), key="sym_constant")
        s_low, s_high, s_step = claims.SYMMETRY_STEPS
        steps = frame.control(st.slider, t("vanishing.sym_steps"), s_low, s_high, SYMMETRY.steps, s_step, key="sym_steps")
    config = replace(SYMMETRY, activation=activation, depth=depth, width=width, constant=constant, steps=steps)
    labels = {init: t(f"vanishing.sym_init.{init}", c=constant, small=SMALL_STD, large=LARGE_STD) for init in SYMMETRY_INITS}
    with st.spinner(t("frame.computing")):
        probes = compute.symmetry_probes(config)
    fields = claims.symmetry_claim(config, probes)

    with main:
        st.caption(t("vanishing.sym_caption", depth=depth, width=width, activation=activation_names[activation], points=config.points,
                     c=constant, small=SMALL_STD, large=LARGE_STD))
        # A zero of the zero net: multiplied by W = 0; any other (a layer of saturated or dead units): dead.
        series = pd.concat([
            probe.assign(curve=labels[init], zero_text=t("vanishing.sym_zero" if init == "zeros" else "common.dead"))[["layer", "grad_norm", "curve", "zero_text"]]
            for init, probe in probes.items()
        ], ignore_index=True)
        frame.chart(
            charts.gradient_flow_chart,
            series, x="layer", y="grad_norm", series="curve", title=t("vanishing.sym_title"), subtitle=t("vanishing.sym_subtitle", out=depth + 1),
            x_title=t("vanishing.sym_x", out=depth + 1), y_title=t("common.grad_norm"), series_title=t("common.series"),
            underflow_text=t("common.underflow"), overflow_text=t("common.overflow"), value_title=t("common.grad_value"), zero_text_column="zero_text",
        )
        if depth > 1:
            st.caption(t("vanishing.sym_ratios", **fields))
        st.markdown(t("vanishing.sym_point", **compute.symmetry_point()))

        question = t("predict.vanishing.sym_question", steps=steps, width=width)
        features = {key: t(f"predict.vanishing.sym_features.{key}", width=width) for key in SYMMETRY_FEATURES}
        guess = predict.ask("vanishing.symmetry", question, choices=features)
        if guess is None:
            return
        with st.spinner(t("frame.computing")):
            runs = compute.symmetry_runs(config)
        trained = claims.symmetry_training(config, runs)
        predict.reveal("vanishing.symmetry", guess, t("predict.vanishing.sym_answer", **trained),
                       correct=guess.value == symmetry_features(trained["distinct"], width))
        st.markdown(t("vanishing.sym_note", **fields))  # why: the gradient at init already had one row per layer
        cols = st.columns(3)
        for col, init in zip(cols, ("constant", "he")):
            col.metric(t("vanishing.sym_metric_units", init=labels[init]), t("vanishing.sym_units", distinct=trained[f"{init}_units"], width=width),
                       help=t("vanishing.sym_metric_units_help", steps=steps))
        cols[2].metric(t("vanishing.sym_metric_zero", init=labels["zeros"]), f"{trained['zeros_loss']:.4f}", help=t("vanishing.sym_metric_zero_help", **trained))
        history = pd.concat([run.history.assign(run=labels[init]) for init, run in runs.items()], ignore_index=True)
        frame.chart(
            charts.training_chart,
            history, y="loss", run="run", title=t("vanishing.sym_loss_title", steps=steps), subtitle=t("vanishing.sym_loss_subtitle"),
            x_title=t("common.step"), y_title=t("common.loss"), run_title=t("common.run"), wrap=charts.FULL_WIDTH,
            rules=pd.DataFrame({"value": [claims.chance_loss()], "label": [t("vanishing.sym_chance", chance=claims.chance_loss())]}),
        )
        st.markdown(t("vanishing.sym_result", **trained))


symmetry_demo()

frame.notice("vanishing", **compute.vanishing_notice())
frame.math(
    [
        ("vanishing.math_chain", r"\frac{\partial L}{\partial z_i} = \Big(\prod_{k=i}^{L-1} \operatorname{diag}\big(\phi'(z_k)\big)\, W_{k+1}^{\top}\Big)\, \operatorname{diag}\big(\phi'(z_L)\big)\,\frac{\partial L}{\partial h_L}"),
        ("vanishing.math_sigmoid", r"\sigma'(z) = \sigma(z)\,\big(1-\sigma(z)\big) \le \tfrac14 \;\Rightarrow\; \Big\|\frac{\partial L}{\partial z_i}\Big\| \le \big(\tfrac14\,\|W\|_2\big)^{L-i}\,\Big\|\frac{\partial L}{\partial z_L}\Big\|"),
        ("vanishing.math_mf", r"\chi_1 = \sigma_w^2\,\mathbb{E}_{z\sim\mathcal N(0,1)}\big[\phi'(\sqrt{q^*}\,z)^2\big],\qquad \frac{\mathbb{E}\,\delta_i^2}{\mathbb{E}\,\delta_{i+1}^2} \approx \chi_1"),
    ]
)
frame.reading("vanishing")
