"""Remedies: fix a broken network one switch at a time; the order-to-chaos map."""

import math

import numpy as np
import pandas as pd
import streamlit as st

from core import ACTIVATIONS, INITS, NORMS, OPTIMIZERS, first_to_last
from core.claims.remedies import (
    BROKEN, BROKEN_TRAINING, LEARNING_RATES, PHASE_ACTIVATIONS, PHASE_DEPTH, PHASE_DEPTHS, PHASE_LINE_SIGMA_B, PHASE_SIGMA_B,
    PHASE_SIGMA_W, PHASE_WIDTH, phase_guess_range, phase_guess_ranges, phase_measured_claims, remedied, remedied_training,
)
from core.claims.remedies import ISO_ACTIVATIONS, ISO_ANSWERS, ISO_DEPTH, ISO_DEPTHS, ISO_WIDTH, ISO_WIDTHS
from ui import charts, compute, display, frame, predict
from ui import netpic
from ui.i18n import options, t
from ui.views import training_history

REMEDY_KEYS = ("activation", "init", "norm", "residual", "clipping", "optimizer", "lr")

frame.setup_page("remedies")
with st.spinner(t("frame.computing")):
    claims = compute.remedies_intro_claims()  # the numbers the intro and presets state (core.claims.remedies)
frame.intro("remedies", **claims)


def reset() -> None:
    """Every remedy back to its default, which is the broken network's
    setting (assigned, not deleted: a deleted widget state keeps its old
    value in the browser, which would send it back with the next click)."""
    frame.reset_controls(REMEDY_KEYS)


def ratio_change(broken: float, fixed: float) -> tuple[float | None, bool]:
    """(log10(fixed / broken), whether fixed is closer to 1 than broken) for
    the ratio metric's delta; None where the change would show as 0.0
    decades or a ratio is 0 (underflow) or not finite."""
    if not (broken > 0 and fixed > 0 and math.isfinite(broken) and math.isfinite(fixed)):
        return None, False
    decades = math.log10(fixed / broken)
    if round(decades, 1) == 0:
        return None, False
    return decades, abs(math.log10(fixed)) < abs(math.log10(broken))


# --- 1. fix the broken network ----------------------------------------------------------
@frame.fragment
def fix_the_network() -> None:
    controls, main = frame.section(t("remedies.fix_header"), t("remedies.broken_caption", depth=BROKEN.depth, lr=BROKEN_TRAINING.lr))
    with controls:
        activation_names, init_names, norm_names, optimizer_names = options("act", ACTIVATIONS), options("init", INITS), options("norm", NORMS), options("opt", OPTIMIZERS)
        activation = frame.choice(st.selectbox, t("common.activation"), activation_names, key="activation", default=BROKEN.activation)
        init = frame.choice(st.selectbox, t("common.init"), init_names, key="init")
        norm = frame.choice(st.selectbox, t("residual.norm"), norm_names, key="norm")
        residual = frame.control(st.toggle, t("remedies.residual"), key="residual")
        clipping = frame.control(st.toggle, t("remedies.clipping", threshold=claims["threshold"]), key="clipping")
        optimizer = frame.choice(st.selectbox, t("common.optimizer"), optimizer_names, key="optimizer")
        lr = frame.control(st.select_slider, t("common.lr"), LEARNING_RATES, BROKEN_TRAINING.lr, key="lr")
        button = st.empty()  # Train both networks, once this session has answered its question (predict.ask_to_run)
        st.button(t("remedies.reset"), on_click=reset, icon=":material/restart_alt:", key="_reset")

    spec, config = remedied(activation, init, norm, residual), remedied_training(optimizer, lr, clipping)
    names = {"broken": t("remedies.run.broken"), "fixed": t("remedies.run.fixed")}
    with st.spinner(t("frame.computing")):
        probes = {"broken": compute.probe(BROKEN), "fixed": compute.probe(spec)}
    yes_no = {"yes": t("predict.yes"), "no": t("predict.no")}

    with main:
        left, right = frame.chart_row(2)
    with left:  # the gradient at initialisation: the optimiser question first, then the ratio and the chart
        guess = predict.ask("remedies.adam", t("predict.remedies.question"), choices=yes_no)
        if guess is not None:
            ratios = {key: first_to_last(probe, "grad_norm") for key, probe in probes.items()}
            predict.reveal("remedies.adam", guess, t("predict.remedies.answer", depth=BROKEN.depth, ratio=display.ratio(ratios["broken"], t("common.underflow_short"))),
                           correct=guess.value == "no")  # the gradient at initialisation comes before any step
            decades, closer = ratio_change(ratios["broken"], ratios["fixed"])
            st.metric(t("remedies.metric_ratio", depth=BROKEN.depth), display.ratio(ratios["fixed"], t("common.underflow_short")),
                      t("remedies.delta_decades", value=decades) if decades is not None else None,
                      delta_color="green" if closer else "red", help=t("remedies.metric_ratio_help"))
            flow = pd.concat([probe.assign(curve=names[key]) for key, probe in probes.items()], ignore_index=True)
            frame.chart(
                charts.gradient_flow_chart,
                flow, x="layer", y="grad_norm", series="curve", title=t("remedies.flow_title"), subtitle=t("remedies.flow_subtitle"),
                x_title=t("common.layer"), y_title=t("common.grad_norm"), series_title=t("common.series"), dashed=[names["broken"]],
                underflow_text=t("common.underflow"), overflow_text=t("common.overflow"), value_title=t("common.grad_value"),
                wrap=charts.HALF_WIDTH,
            )
            if spec == BROKEN and config != BROKEN_TRAINING:
                st.info(t("remedies.same_gradient"), icon=":material/info:")
    with right:  # the training: its question, whose answer is the Train button, then the losses
        question = t("predict.remedies.train_question", steps=config.steps)
        jobs = compute.mlp_jobs({names["broken"]: BROKEN}, BROKEN_TRAINING) | compute.mlp_jobs({names["fixed"]: spec}, config)
        train_guess, start = predict.ask_to_run("remedies.train", question, choices=yes_no, button=t("remedies.train_start"), slot=button,
                                                button_key="_train_start", icon=":material/play_arrow:")
        if train_guess is not None and not (start or compute.is_cached(jobs)):
            st.info(t("remedies.train_prompt", question=question), icon=":material/psychology:")
        elif train_guess is not None:
            show_training(compute.run_streaming(jobs), train_guess, config.steps, names)
    if guess is not None:
        with main:
            for key, net in (("broken", BROKEN), ("fixed", spec)):  # both nets on one colour scale
                netpic.show(probes[key], widths=[net.width] * (net.depth + 1), value_title=t("common.grad_value"), key=f"netpic_{key}", skips=net.residual,
                            title=names[key], span=[*probes["broken"]["grad_norm"], *probes["fixed"]["grad_norm"]])
            frame.notebook(f"""
    import pandas as pd
    from core import NetSpec, probe_gradients
    broken = {BROKEN!r}
    yours = {spec!r}
    grad_norm = pd.concat([probe_gradients(broken)["grad_norm"], probe_gradients(yours)["grad_norm"]], ignore_index=True)
    print(grad_norm.to_string())
    """)


def ends_below(fixed_run, broken_run) -> bool:
    """Did your version's training loss end below the broken net's, as the
    metrics show it (3 significant figures; an overflow never does)?"""
    loss, broken_loss = fixed_run.final_loss, broken_run.final_loss
    return fixed_run.overflow is None and loss < broken_loss and f"{loss:.3g}" != f"{broken_loss:.3g}"


def show_training(results: dict, guess: predict.Guess, steps: int, names: dict[str, str]) -> None:
    """The reveal of the training question, then the final loss and accuracy
    of your version against the broken net's, and the loss curves."""
    broken_run, fixed_run = results.values()
    below = ends_below(fixed_run, broken_run)
    answer = (t("predict.remedies.train_overflow", step=fixed_run.overflow.step, broken=broken_run.final_loss) if fixed_run.overflow is not None
              else t("predict.remedies.train_answer", steps=steps, loss=fixed_run.final_loss, broken=broken_run.final_loss))
    predict.reveal("remedies.train", guess, answer, correct=guess.value == ("yes" if below else "no"))
    metrics = st.container(horizontal=True)
    if fixed_run.overflow is not None:
        overflow = t("remedies.metric_overflow", step=fixed_run.overflow.step)
        metrics.metric(t("remedies.metric_loss"), overflow)
        metrics.metric(t("remedies.metric_accuracy"), overflow)
    else:
        loss, broken_loss = fixed_run.final_loss, broken_run.final_loss
        accuracy, broken_accuracy = (run.history["accuracy"].iloc[-1] for run in (fixed_run, broken_run))
        # A delta only where the shown values differ: lower loss is better (green when it falls).
        metrics.metric(t("remedies.metric_loss"), f"{loss:.3g}", f"{loss - broken_loss:+.3g}" if f"{loss:.3g}" != f"{broken_loss:.3g}" else None,
                       delta_color="inverse")
        points = round((accuracy - broken_accuracy) * 100)
        metrics.metric(t("remedies.metric_accuracy"), f"{accuracy:.0%}", t("remedies.delta_points", value=points) if points else None)
    frame.chart(
        charts.training_chart,
        training_history(results), y="loss", run="run", title=t("remedies.train_title"), subtitle=t("remedies.train_subtitle", chance=claims["chance"]),
        x_title=t("common.step"), y_title=t("common.loss_log"), run_title=t("common.run"), dashed=[names["broken"]], x_max=steps,
    )


fix_the_network()


# --- 2. the phase diagram -----------------------------------------------------------------
@frame.fragment
def phase() -> None:
    controls, main = frame.section(t("remedies.phase_header"))
    with controls:
        phase_names = options("act", PHASE_ACTIVATIONS)
        phase_activation = frame.choice(st.radio, t("remedies.phase_activation"), phase_names, key="phase_activation")
        phase_depth = frame.control(st.select_slider, t("remedies.phase_depth"), PHASE_DEPTHS, PHASE_DEPTH, key="phase_depth")
        button = st.empty()  # Measure, once this session has answered the question (predict.ask_to_run)
    job = compute.phase_job(phase_activation, phase_depth, PHASE_SIGMA_W, PHASE_SIGMA_B, PHASE_WIDTH)
    with main:
        st.caption(t("remedies.phase_caption", depth=phase_depth, activation=phase_names[phase_activation], width=PHASE_WIDTH))
        question = t("predict.remedies.phase_question", sigma_b=PHASE_SIGMA_B[0], depth=phase_depth)
        ranges = {str(index): t("predict.remedies.phase_range", low=low, high=high) for index, (low, high) in enumerate(phase_guess_ranges())}
        guess, start = predict.ask_to_run("remedies.phase", question, choices=ranges,
                                          button=t("remedies.phase_start"), slot=button, button_key="_phase_start", icon=":material/grid_on:")
        if guess is None:
            return
        if not (start or compute.is_cached({"phase": job})):
            st.info(t("remedies.phase_prompt", question=question, nets=len(PHASE_SIGMA_W) * len(PHASE_SIGMA_B)), icon=":material/psychology:")
            return
        grid = compute.cached_run(job, t("frame.computing"))
        with st.spinner(t("frame.computing")):  # tens of milliseconds, cached
            boundary = compute.critical_lines(phase_activation, PHASE_LINE_SIGMA_B, phase_depth)
            findings = compute.phase_theory_claims(phase_activation, phase_depth, PHASE_WIDTH) | phase_measured_claims(grid)
        measured = findings["measured"]  # the sigma_w where the colour changes sign at sigma_b = 0 (NaN: nowhere on the grid)
        answer = (t("predict.remedies.phase_answer", sigma_b=PHASE_SIGMA_B[0], measured=measured, depth=phase_depth) if math.isfinite(measured)
                  else t("predict.remedies.phase_nowhere", sigma_b=PHASE_SIGMA_B[0]))
        holder = phase_guess_range(measured)
        predict.reveal("remedies.phase", guess, answer, correct=None if holder is None else guess.value == str(holder))
        frame.chart(
            charts.phase_chart,
            grid, boundary, title=t("remedies.phase_title"), subtitle=t("remedies.phase_subtitle", depth=phase_depth), x_title=t("remedies.phase_x"),
            y_title=t("remedies.phase_y"), color_title=t("remedies.phase_color"), theory_title=t("remedies.phase_theory"),
            boundary_label=t("remedies.phase_boundary"), finite_label=t("remedies.phase_finite", depth=phase_depth),
        )
        finding = "remedies.phase_finding_apart" if findings["lines_apart"] else "remedies.phase_finding_same"
        st.caption(t(finding, depth=phase_depth, width=PHASE_WIDTH, **findings))
        gap = (grid["log10_ratio"] - grid["theory_log10_ratio"]).abs()
        gap = gap[np.isfinite(gap)]
        st.caption(t("remedies.phase_agreement", error=gap.mean(), worst=gap.max()))


phase()


# --- 3. dynamical isometry ---------------------------------------------------------------
@frame.fragment
def isometry() -> None:
    with st.spinner(t("frame.computing")):
        fields = compute.remedies_isometry_claims()
    controls, main = frame.section(t("remedies.iso_header"), t("remedies.iso_caption", **fields))
    with controls:
        activation_names = options("act", ISO_ACTIVATIONS)
        activation = frame.choice(st.radio, t("common.activation"), activation_names, key="iso_activation")
        depth = frame.control(st.select_slider, t("common.depth"), ISO_DEPTHS, ISO_DEPTH, key="iso_depth")
        width = frame.control(st.select_slider, t("common.width"), ISO_WIDTHS, ISO_WIDTH, key="iso_width")
    with main:
        question = t("predict.remedies.iso_question", activation=activation_names[activation], depth=depth, **fields)
        guess = predict.ask("remedies.iso", question, choices={key: t(f"predict.remedies.iso_{key}") for key in ISO_ANSWERS})
        if guess is None:
            return
        with st.spinner(t("frame.computing")):
            view = compute.isometry_view(activation, depth, width)
        gauss, orth = view["normal"], view["orthogonal"]
        predict.reveal("remedies.iso", guess, t("predict.remedies.iso_answer", depth=depth, gauss=gauss["stats"]["within"], orth=orth["stats"]["within"], **fields),
                       correct=guess.value == view["answer"])
        cols = st.columns(4)
        for col, init in zip(cols[::2], ("normal", "orthogonal")):  # measured, then its theory
            col.metric(t(f"remedies.iso_metric_{init}"), f"{view[init]['stats']['variance']:.3g}", help=t("remedies.iso_metric_help"))
        for col, init in zip(cols[1::2], ("normal", "orthogonal")):
            col.metric(t("remedies.iso_metric_theory"), f"{view[init]['theory'][1]:.3g}", help=t("remedies.iso_metric_theory_help", **fields))
        names = {"normal": t("remedies.iso_gaussian"), "orthogonal": t("remedies.iso_orthogonal")}
        spectra = pd.concat([pd.DataFrame({"rank": np.arange(1, width + 1), "sigma": view[init]["sigmas"], "floor": view[init]["stats"]["floor"],
                                           "series": names[init]}) for init in names], ignore_index=True)
        frame.chart(
            charts.spectrum_chart,
            spectra, title=t("remedies.iso_title", depth=depth),
            subtitle=t("remedies.iso_subtitle", activation=activation_names[activation], width=width, **fields),
            x_title=t("remedies.iso_x"), y_title=t("remedies.iso_y"), series_title=t("remedies.iso_series"), unresolved_text=t("remedies.iso_unresolved"),
            band=(fields["band_low"], fields["band_high"]),
        )
        st.caption(t("remedies.iso_note", g_min=smallest(gauss["stats"]), g_max=gauss["stats"]["max"], g_within=gauss["stats"]["within"],
                     g_mean=gauss["stats"]["mean"], o_min=smallest(orth["stats"]), o_max=orth["stats"]["max"], o_within=orth["stats"]["within"],
                     o_mean=orth["stats"]["mean"], theory_mean=orth["theory"][0], **fields))
        st.markdown(t("remedies.iso_point", **fields))


def smallest(stats: dict) -> str:
    """The smallest singular value as the note shows it: "below <floor>"
    where it is under float64's resolution (core.isometry.resolution)."""
    return f"{stats['min']:.2g}" if stats["min"] >= stats["floor"] else t("remedies.iso_below", floor=stats["floor"])


isometry()

st.header(t("remedies.table_header"), divider="gray")
with st.spinner(t("frame.computing")):
    claims |= compute.remedies_table_claims()  # ... and those the table, notice and math state
st.markdown(t("remedies.table", **claims))

frame.notice("remedies", **claims)
frame.math(
    [
        ("remedies.math_chi", r"\chi_1 = \sigma_w^2\,\mathbb{E}_{z\sim\mathcal N(0,1)}\big[\phi'(\sqrt{q^*}\,z)^2\big],\qquad \frac{\|\delta_1\|}{\|\delta_L\|} \approx \chi_1^{(L-1)/2}"),
        ("remedies.math_he", r"\phi = \mathrm{ReLU}:\; \chi_1 = \frac{\sigma_w^2}{2},\qquad \sigma_w^2 = 2 \Rightarrow \chi_1 = 1,\qquad \sigma_w^2 = 1 \Rightarrow \Big(\tfrac12\Big)^{(L-1)/2}"),
        ("remedies.math_adam", r"m_t = \beta_1 m_{t-1} + (1-\beta_1)\,g_t,\quad v_t = \beta_2 v_{t-1} + (1-\beta_2)\,g_t^2,\quad \Delta\theta = -\eta\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}"),
    ],
    **claims,
)
frame.reading("remedies")
