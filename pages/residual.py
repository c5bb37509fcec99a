"""Residual blocks: the identity path, its scale, the variance law, and the degradation experiment."""

import math
from dataclasses import replace

import pandas as pd
import streamlit as st

from core import NORMS, degradation_specs, first_to_last
from core.claims import residual as claims
from core.residual import GRADIENT
from core.transformer import CLASSES, FFN_MULT, VARIANTS, rms_law
from ui import charts, compute, display, frame, predict, prefetch
from ui import netpic, scrub
from ui.i18n import options, t
from ui.views import training_history

ACTIVATION_CHOICES = ["sigmoid", "tanh", "relu"]
DEPTHS = (2, 100)
ALPHAS, ALPHA_STEP = (0.0, 1.5), 0.01  # the residual scale's range and step
SCRUB_SIGNAL = "scrub_depth"  # the flow chart's depth param, which the depth slider drives in the browser

frame.setup_page("residual")
frame.intro("residual")
activation_names = options("act", ACTIVATION_CHOICES)

about = frame.about()  # a popover beside the title in presentation mode
left, right = about.columns(2)
with left:
    st.markdown(f"**{t('residual.diagram_identity')}**")
    st.graphviz_chart(charts.residual_diagram(t("residual.dot_input"), t("residual.dot_branch"), t("residual.dot_scale"), t("residual.dot_identity")))
with right:
    st.markdown(f"**{t('residual.diagram_projection')}**")
    st.graphviz_chart(charts.residual_diagram(t("residual.dot_input"), t("residual.dot_branch"), t("residual.dot_scale"), t("residual.dot_projection")))
about.caption(t("residual.diagram_caption"))


def ratio_text(value: float) -> str:
    return display.ratio(value, t("common.underflow_short"))


def alpha_hint(depth: int) -> str:
    return t("residual.alpha_hint", depth=depth, value=1 / math.sqrt(depth))


def flow_series(probes: pd.DataFrame, laws: pd.DataFrame | None, net_names: dict[str, str]) -> tuple[pd.DataFrame, list[str]]:
    """The flow chart's long frame ([depth,] layer, GRADIENT, curve, color) and its dashed curves:
    each net's measured stream gradient and, where `laws` (net, [depth,] layer, law), the law
    anchored at the net's measured last block. A family's frames (a depth column) keep it."""
    keys = ["net", "depth"] if "depth" in probes else ["net"]
    measured = probes.assign(curve=probes["net"].map(net_names), color=probes["net"].map(net_names))[[*keys[1:], "layer", GRADIENT, "curve", "color"]]
    if laws is None:
        return measured, []
    anchors = probes.drop_duplicates(keys, keep="last").set_index(keys)[GRADIENT].rename("anchor")  # blocks in order: the last block's
    theory = laws.join(anchors, on=keys)
    labels = {name: t(f"residual.theory.{name}") for name in net_names}
    theory = theory.assign(**{GRADIENT: theory["anchor"] * theory["law"]}, curve=theory["net"].map(labels), color=theory["net"].map(net_names))
    return pd.concat([measured, theory[measured.columns]], ignore_index=True), list(dict.fromkeys(theory["curve"]))


def family_numbers(family: compute.ResidualFamily) -> pd.DataFrame:
    """The three metrics' values as the server formats them, one row per depth of the family."""
    ratios = family.ratios
    law = ratios["law"].map(ratio_text) if family.laws is not None else "—"
    return pd.DataFrame({"plain": ratios["plain"].map(ratio_text), "residual": ratios["residual"].map(ratio_text), "law": law}, index=ratios.index)


# --- 1. gradient flow, plain versus residual -------------------------------------------
@frame.fragment
def plain_versus_residual() -> None:
    controls, main = frame.section(t("residual.flow_header"))
    with controls:
        depth = scrub.slider(t("residual.depth"), *DEPTHS, claims.DEPTH, key="depth", signal=SCRUB_SIGNAL, help=t("residual.depth_help"))
        activation = frame.choice(st.selectbox, t("common.activation"), activation_names, key="activation")
        alpha = frame.control(st.slider, t("residual.alpha"), *ALPHAS, 1.0, ALPHA_STEP, help=t("residual.alpha_help", **claims.constants()), key="alpha")
        with st.container():  # the hint follows the depth slider in the browser
            st.caption(alpha_hint(depth))
            scrub.follow_caption(SCRUB_SIGNAL, DEPTHS[0], [alpha_hint(d) for d in range(DEPTHS[0], DEPTHS[1] + 1)],
                                 at=depth, key="_alpha_hint_follow")
        norm_names = options("norm", NORMS)
        norm = frame.choice(st.selectbox, t("residual.norm"), norm_names, key="norm")

    spec = claims.probe_spec(activation, depth, alpha, norm)
    with st.spinner(t("frame.computing")):
        # laws: the mean-field law, block 1 .. L relative to block L (theory.residual_profile); none with normalisation.
        probes, laws = compute.residual_flow(spec)
    # Every depth at once, once the server has computed it in idle time (None until then): the
    # depth slider then redraws the chart and the three numbers in the browser. Asked for before
    # the neighbours below, so that the prefetcher (newest first) computes them first: an α
    # move's next move needs them sooner than the 1-2 s family.
    family = compute.ready_residual_family(spec, DEPTHS)
    # The next move is most likely one more step of the slider just moved: computed while the server is idle
    # (α's probes and laws are most of an α move's run: benchmarks/README.md).
    neighbours = {
        "depth": [replace(spec, depth=d) for d in prefetch.around(depth, 1, *DEPTHS)],
        "alpha": [replace(spec, residual_scale=a) for a in prefetch.around(alpha, ALPHA_STEP, *ALPHAS)],
    }
    prefetch.request(compute.residual_flow, [(net,) for name in prefetch.moved("residual_flow", depth=depth, alpha=alpha) for net in neighbours[name]])
    plain, residual = (probes[probes["net"] == net] for net in ("plain", "residual"))
    plain_ratio, residual_ratio = first_to_last(plain, GRADIENT), first_to_last(residual, GRADIENT)
    net_names = {"plain": t("residual.net.plain"), "residual": t("residual.net.residual", alpha=alpha)}

    with main:
        yes_no = {"yes": t("predict.yes"), "no": t("predict.no")}
        guess = predict.ask("residual.band", t("predict.residual.question", depth=depth, band=claims.FLAT_BAND), choices=yes_no)
        if guess is None:
            return
        law_text = t("predict.residual.law", law=ratio_text(laws["residual"][0])) if laws is not None else ""
        within = claims.within_band(residual_ratio)
        predict.reveal(
            "residual.band", guess,
            t("predict.residual.answer", depth=depth, ratio=ratio_text(residual_ratio), band=claims.FLAT_BAND,
              verdict=t("predict.residual.yes" if within else "predict.residual.no", band=claims.FLAT_BAND)) + law_text,
            correct=guess.value == ("yes" if within else "no"),
        )
        cols = st.columns([1.25, 1.25, 1])
        metrics = [
            ("residual.metric_plain", ratio_text(plain_ratio), t("residual.metric_help")),
            ("residual.metric_residual", ratio_text(residual_ratio), t("residual.metric_help")),
            ("residual.metric_law", ratio_text(laws["residual"][0]), t("residual.metric_law_help", **claims.constants())) if laws is not None
            else ("residual.metric_law", "—", t("residual.law_none")),
        ]
        # While the depth slider moves, each number shows what the server would at the slider's depth.
        follow = family_numbers(family) if family is not None else None
        for col, (label, value, help_text), name in zip(cols, metrics, ("plain", "residual", "law")):
            with col:
                st.metric(t(label, depth=depth), value, help=help_text)
                if follow is not None:
                    scrub.follow_metric(SCRUB_SIGNAL, DEPTHS[0], [t(label, depth=d) for d in follow.index], follow[name].tolist(), at=depth, key=f"_{name}_follow")

        labels = dict(
            x="layer", y=GRADIENT, series="curve", color_by="color", title=t("residual.flow_title"), subtitle=t("residual.flow_subtitle"),
            x_title=t("residual.block"), y_title=t("residual.grad_axis"), series_title=t("common.series"), underflow_text=t("common.underflow"),
            overflow_text=t("common.overflow"), value_title=t("common.grad_value"),
        )
        if family is not None:
            series, dashed = flow_series(family.probes, family.laws, net_names)
            frame.chart(charts.gradient_flow_family_chart, series, initial=claims.DEPTH, signal=SCRUB_SIGNAL, dashed=dashed, **labels)
        else:
            law_rows = None if laws is None else pd.concat(
                [pd.DataFrame({"net": name, "layer": range(1, depth + 1), "law": profile}) for name, profile in laws.items()], ignore_index=True)
            series, dashed = flow_series(probes, law_rows, net_names)
            frame.chart(charts.gradient_flow_chart, series, dashed=dashed, **labels)
        st.caption(t("residual.theory_caption") if laws is not None else t("residual.law_none"))
        for name, net in (("plain", plain), ("residual", residual)):  # one colour scale for both pictures
            netpic.show(net, GRADIENT, widths=[spec.width] * (depth + 1), value_title=t("residual.grad_axis"), key=f"netpic_{name}", skips=name == "residual",
                        layer_title=t("netpic.block"), title=net_names[name], span=probes[GRADIENT].tolist())
        frame.notebook(f"""
    from core import NetSpec, compare_probe, theory
    spec = {spec!r}
    probes = compare_probe(spec)  # column net: plain, residual (same pre-activation blocks and weights)
    grad_norm = probes["out_grad_norm"]  # RMS of dL/dh_i, block 1 first
    print(probes[["net", "layer", "out_grad_norm"]].to_string())
    # the mean-field law (no normalisation): block 1 / block L of the residual net
    print("law:", theory.residual_profile(spec.activation, spec.effective_sigma_w, spec.bias_std, spec.depth, spec.residual_scale)[1][0])
    """)
        if alpha == 0:
            # Not an underflow: alpha multiplies every branch, so the net is the identity and the branches' weights get no gradient.
            weight_grad = float(residual["weight_grad_norm"].abs().max())
            st.info(t("residual.verdict_off", ratio=ratio_text(residual_ratio), weight_grad=weight_grad,
                      **compute.residual_claim("alpha_zero", spec)), icon=":material/power_off:")
        elif residual_ratio > claims.FLAT_BAND:
            st.warning(t("residual.verdict_grows", ratio=ratio_text(residual_ratio), depth=depth, value=1 / math.sqrt(depth)), icon=":material/trending_up:")
        elif residual_ratio >= 1 / claims.FLAT_BAND:
            st.success(t("residual.verdict_flat", ratio=ratio_text(residual_ratio), band=claims.FLAT_BAND), icon=":material/check_circle:")
        else:
            st.info(t("residual.verdict_shrinks", ratio=ratio_text(residual_ratio)))


plain_versus_residual()


# --- 2. degradation ---------------------------------------------------------------------
@frame.fragment
def degradation() -> None:
    config = claims.DEGRADATION_CONFIG
    controls, main = frame.section(
        t("residual.degradation_header"),
        t("residual.degradation_caption", width=claims.TRAIN_WIDTH, lr=config.lr, steps=config.steps, shallow=claims.SHALLOW_DEPTH),
    )
    with controls:
        train_activation = frame.choice(st.selectbox, t("common.activation"), activation_names, key="train_activation", default="tanh")
        deep = frame.control(st.slider, t("residual.deep_depth"), 10, 50, claims.DEEP_DEPTH, 5, key="deep_depth")
        train_alpha = frame.control(st.slider, t("residual.alpha"), 0.0, 1.5, 1.0, 0.01, help=t("residual.alpha_help", **claims.constants()), key="train_alpha")
        button = st.empty()  # the Train button, once this session has answered the question (predict.ask_to_run)
    specs = degradation_specs(claims.degradation_base(train_activation, deep, train_alpha), claims.SHALLOW_DEPTH)
    names = {key: t(f"residual.run.{key}", depth=net.depth, alpha=train_alpha) for key, net in specs.items()}
    jobs = compute.mlp_jobs({names[key]: net for key, net in specs.items()}, config)
    with main:
        question = t("predict.residual.train_question")
        guess, start = predict.ask_to_run("residual.degradation", question, choices=names, button=t("residual.train_start"), slot=button,
                                          button_key="_train_start", icon=":material/play_arrow:")
        if guess is None:
            return
        if not (start or compute.is_cached(jobs)):
            st.info(t("residual.train_prompt", question=question), icon=":material/psychology:")
            return
        slot = st.empty()

        def draw(history: pd.DataFrame) -> None:
            frame.live_chart(
                slot, charts.training_chart,
                history, y="loss", run="run", title=t("residual.train_title"), subtitle=t("residual.train_subtitle", chance=claims.CHANCE_LOSS),
                x_title=t("common.step"), y_title=t("common.loss_log"), run_title=t("common.run"), x_max=config.steps, wrap=charts.FULL_WIDTH,
            )

        results = compute.run_streaming(jobs, on_update=draw)
        draw(training_history(results))
        lowest = min(specs, key=lambda key: results[names[key]].final_loss)
        predict.reveal("residual.degradation", guess, t("predict.residual.train_answer", net=names[lowest], loss=results[names[lowest]].final_loss),
                       correct=guess.value == lowest)
        cols = st.columns(len(results))
        for col, (key, net) in zip(cols, specs.items()):
            col.metric(names[key], f"{results[names[key]].final_loss:.3g}")
            col.caption(t("residual.run_caption", depth=net.depth, ratio=ratio_text(compute.residual_claim("first_step_ratio", net, config))))


degradation()


# --- 3. Transformers: Post-LN versus Pre-LN (Xiong et al. 2020) ----------------------------
@frame.fragment
def post_versus_pre_ln() -> None:
    base = claims.ln_spec()
    controls, main = frame.section(
        t("residual.ln_header"),
        t("residual.ln_caption", ffn=FFN_MULT, batch=base.batch, seq_len=base.seq_len, classes=CLASSES, seeds=claims.LN_SEEDS),
    )
    with controls:
        layers = frame.control(st.slider, t("residual.ln_layers"), *claims.LN_LAYER_RANGE, claims.LN_LAYERS, key="ln_layers")
        d_model = frame.control(st.select_slider, t("residual.ln_d_model"), list(claims.LN_D_MODELS), claims.LN_D_MODEL, key="ln_d_model")
    spec = claims.ln_spec(layers, d_model)
    with st.spinner(t("frame.computing")):
        profiles = compute.transformer_variants(spec, claims.LN_SEEDS)
        scaling = compute.residual_claim("ln_scaling")  # L = 6 and 24 at the default width: the same for every session
    summary = claims.ln_summary(profiles)
    names = {variant: t(f"residual.ln_variant.{variant}") for variant in VARIANTS}

    with main:
        choices = {**names, "same": t("residual.ln_same", band=claims.SAME_BAND)}
        guess = predict.ask("residual.ln", t("predict.residual.ln_question", layers=layers), choices=choices)
        if guess is None:
            return
        predict.reveal("residual.ln", guess, t("predict.residual.ln_answer", layers=layers, last=summary["last"]),
                       correct=guess.value == claims.ln_answer(summary["last"]))
        cols = st.columns(3)
        for col, variant in zip(cols, VARIANTS):
            col.metric(t("residual.ln_metric_ratio", name=names[variant], layers=layers), f"{summary[variant]:.2f}", help=t("residual.ln_metric_ratio_help"))
        cols[2].metric(t("residual.ln_metric_last", layers=layers), f"{summary['last']:.2f}", help=t("residual.ln_metric_last_help"))

        series = []
        for variant in VARIANTS:
            profile = profiles[profiles["variant"] == variant]
            series.append(pd.DataFrame({"layer": profile["layer"], "w2_grad": profile["w2_grad"], "curve": names[variant], "color": names[variant]}))
            theory_name = t("residual.ln_theory", name=names[variant])
            series.append(pd.DataFrame({"layer": profile["layer"], "w2_grad": rms_law(profile), "curve": theory_name, "color": names[variant]}))
        frame.chart(
            charts.gradient_flow_chart,
            pd.concat(series, ignore_index=True), x="layer", y="w2_grad", series="curve", color_by="color",
            dashed=[t("residual.ln_theory", name=name) for name in names.values()],
            title=t("residual.ln_title"), subtitle=t("residual.ln_subtitle", seeds=claims.LN_SEEDS), x_title=t("residual.block"),
            y_title=t("residual.ln_axis"), series_title=t("common.series"), underflow_text=t("common.underflow"),
            overflow_text=t("common.overflow"), value_title=t("common.grad_value"),
        )
        st.caption(t("residual.ln_why", **summary))
        st.markdown(t("residual.ln_warmup", layers=layers, last=summary["last"], **scaling))


post_versus_pre_ln()

frame.notice("residual", **compute.residual_claim("notice"))
frame.math(
    [
        ("residual.math_block", r"h_i = h_{i-1} + \alpha\,F(h_{i-1}),\quad F(h) = V\,\varphi\big(N(W\,\varphi(N(h)))\big) \;\Rightarrow\; \frac{\partial h_i}{\partial h_{i-1}} = I + \alpha\,\frac{\partial F}{\partial h_{i-1}}"),
        ("residual.math_product", r"\frac{\partial L}{\partial h_0} = \frac{\partial L}{\partial h_L}\prod_{i=L}^{1}\Big(I + \alpha\,\frac{\partial F_i}{\partial h_{i-1}}\Big) = \frac{\partial L}{\partial h_L}\Big(I + \alpha\sum_i \frac{\partial F_i}{\partial h_{i-1}} + \dots\Big)"),
        ("residual.math_variance", r"q_1 = \big(1 + \tfrac{\alpha^2}{2}\big)\,q_0,\quad q_i = \big(1 + \tfrac{\alpha^2}{4}\big)\,q_{i-1};\qquad \frac{\mathrm{RMS}\,\partial L/\partial h_1}{\mathrm{RMS}\,\partial L/\partial h_L} = \big(1 + \tfrac{\alpha^2}{4}\big)^{(L-1)/2} \le e^{\alpha^2 (L-1)/8} \overset{\alpha = 1/\sqrt{L}}{<} e^{1/8}"),
    ],
    **compute.residual_claim("variance_law"),
)
frame.reading("residual")

