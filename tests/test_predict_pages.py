"""Predict, then reveal on every lab page (issue 13,
item 3): each section asks its question first; the numbers that answer it
appear only after this session commits a guess, beside the guess; a result
that another session trained (the shared cache) never skips the question;
?skip_predictions=true shows everything at once."""

from __future__ import annotations

import math

import pytest
from streamlit.testing.v1 import AppTest

from core import first_to_last, probe_gradients, theory
from core.claims import exploding as exploding_claims
from core.claims import remedies as remedies_claims
from core.claims import residual as residual_claims
from core.claims import rnn as rnn_claims
from core.claims import vanishing as vanishing_claims
from core.claims.remedies import BROKEN, PHASE_SIGMA_B, phase_guess_range, phase_guess_ranges
from tests.test_pages import ROOT, TIMEOUT, chart_data, run_page
from ui import compute, display
from ui.i18n import LANGUAGES
from ui.display import superscript

EN = LANGUAGES["en"]
RIGHT, WRONG = ":green[:material/check_circle:]", ":orange[:material/cancel:]"


def fresh(path: str) -> AppTest:
    """A new session that has answered nothing, predictions not skipped."""
    return AppTest.from_file(str(ROOT / path), default_timeout=TIMEOUT).run()


def answer(app: AppTest, key: str, value) -> AppTest:
    """Pick `value` (a choice's key, or a list of keys for a multi question)
    in question `key`'s form and press its submit button: the commit."""
    if isinstance(value, list):
        next(g for g in app.get("button_group") if g.key == f"_predict_{key}_choices").set_value(value)
    else:
        app.radio(key=f"_predict_{key}_choice").set_value(value)
    next(b for b in app.button if b.proto.form_id == f"_predict_{key}").click().run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def asked(app: AppTest, key: str) -> bool:
    """Is question `key`'s form on screen?"""
    return any(b.proto.form_id == f"_predict_{key}" for b in app.button)


def buttons(app: AppTest) -> set[str]:
    return {b.key for b in app.button if b.key}


def reveals(app: AppTest) -> list[str]:
    """The reveal boxes' text: the guess beside the measurement."""
    return [md.value for md in app.markdown if "You guessed" in md.value]


def metric_labels(app: AppTest) -> set[str]:
    return {m.label for m in app.metric}


# --- Exploding ------------------------------------------------------------------------------
EXPLODING = "pages/exploding.py"
HALVED = display.number(theory.scaled_identity_gain(exploding_claims.HEADLINE_W / 2, exploding_claims.HEADLINE_DEPTH), 6)


def test_exploding_halving_is_asked_before_the_halved_gain_is_shown():
    app = fresh(EXPLODING)
    assert asked(app, "exploding.halving")
    assert not [md for md in app.markdown if HALVED in md.value], "the halved gain is on screen before the question is answered"
    labels = app.radio(key="_predict_exploding.halving_choice").options
    assert labels == ["÷2", f"÷2×{exploding_claims.HEADLINE_DEPTH}", f"÷2{superscript(exploding_claims.HEADLINE_DEPTH)}"]

    answer(app, "exploding.halving", "power")
    [reveal] = reveals(app)
    assert reveal.startswith(RIGHT) and f"÷2{superscript(exploding_claims.HEADLINE_DEPTH)}" in reveal and HALVED in reveal
    assert not asked(app, "exploding.halving")
    wrong = answer(fresh(EXPLODING), "exploding.halving", "once")
    assert [r for r in reveals(wrong) if r.startswith(WRONG) and "÷2**" in r]


def test_exploding_training_waits_for_this_sessions_guess_even_when_cached():
    compute._runs.clear()
    app = fresh(EXPLODING)
    assert len(chart_data(app)) == 3, "only the depth, matrix and products charts before the training question is answered"
    assert "_train_start" not in buttons(app), "the question's submit is the Train button until it is answered"
    assert not app.error, "no training outcome before the guess"

    answer(app, "exploding.train", "plain")  # the commit trains both runs
    assert len(chart_data(app)) == 5
    [reveal] = [r for r in reveals(app) if "overflowed" in r]
    assert reveal.startswith(RIGHT), reveal  # the page's default: only the run without clipping overflows (test_claims_exploding)
    assert f"**{EN['predict.exploding.outcome.plain']}** overflowed" in reveal
    assert "_train_start" in buttons(app), "once answered, the section has its Train button again"

    other = fresh(EXPLODING)  # the runs are cached server-wide now
    assert asked(other, "exploding.train") and len(chart_data(other)) == 3 and not other.error

    lecturer = run_page(EXPLODING)
    assert len(chart_data(lecturer)) == 5 and not asked(lecturer, "exploding.train") and not reveals(lecturer)


# --- RNN ------------------------------------------------------------------------------------
RNN = "pages/rnn.py"
FAR = {cell: rnn_claims.gradient_at_init(cell, **rnn_claims.gate_options())["far"] for cell in ("rnn", "lstm", "gru")}


def test_rnn_asks_which_cell_keeps_most_before_any_number():
    app = fresh(RNN)
    assert asked(app, "rnn.far")
    assert not app.metric and not chart_data(app), "the per-cell numbers and the chart answer the question"
    assert app.radio(key="_predict_rnn.far_choice").options == ["tanh RNN", "LSTM", "GRU"]

    best = max(FAR, key=FAR.get)
    answer(app, "rnn.far", best)
    [reveal] = reveals(app)
    assert reveal.startswith(RIGHT), reveal
    assert {f"{name}: {rnn_claims.SEQ_LEN - 1} steps back" for name in ("tanh RNN", "LSTM", "GRU")} <= metric_labels(app)
    assert len(chart_data(app)) == 1
    worst = min(FAR, key=FAR.get)
    assert reveals(answer(fresh(RNN), "rnn.far", worst))[0].startswith(WRONG)


def _race_settings(app: AppTest) -> AppTest:
    app.select_slider(key="race_steps").set_value(100)  # the cheapest race: 10 steps long, 100 steps
    app.select_slider(key="race_seq_len").set_value(10)
    return app


def test_rnn_race_waits_for_this_sessions_guess_even_when_cached():
    compute._runs.clear()
    app = _race_settings(fresh(RNN))
    assert "_race_start" not in buttons(app)
    assert asked(app, "rnn.race")

    answer(app, "rnn.race", ["lstm", "gru"])  # the commit starts the race
    assert len(chart_data(app)) == 3, "race, clipping, gradient after training (the gradient question is still open)"
    [reveal] = reveals(app)
    outcomes = [c.value for c in app.caption if c.value.startswith(("Solved", "Partly learned", "Stuck at the baseline", "Overflowed"))]
    solved = [name for name, outcome in zip(("tanh RNN", "LSTM", "GRU"), outcomes) if outcome.startswith("Solved")]
    assert f"**{', '.join(solved) or EN['predict.none']}**" in reveal
    assert reveal.startswith(RIGHT if solved == ["LSTM", "GRU"] else WRONG), (reveal, outcomes)
    assert "You guessed **LSTM, GRU**" in reveal

    other = _race_settings(fresh(RNN)).run()
    assert asked(other, "rnn.race") and not chart_data(other) and not [m for m in other.metric if m.label == "LSTM"]

    lecturer = _race_settings(run_page(RNN)).run()
    assert len(chart_data(lecturer)) == 4 and not reveals(lecturer)


# --- Remedies -------------------------------------------------------------------------------
REMEDIES = "pages/remedies.py"
RATIO_LABEL = f"Layer 1 ÷ layer {BROKEN.depth}"


def test_remedies_asks_about_adam_before_the_gradient_chart():
    app = fresh(REMEDIES)
    assert asked(app, "remedies.adam")
    assert not app.metric and not chart_data(app)
    answer(app, "remedies.adam", "no")
    [reveal] = reveals(app)
    assert reveal.startswith(RIGHT)
    assert display.ratio(first_to_last(probe_gradients(BROKEN), "grad_norm"), EN["common.underflow_short"]) in reveal
    assert metric_labels(app) == {RATIO_LABEL} and len(chart_data(app)) == 1
    assert reveals(answer(fresh(REMEDIES), "remedies.adam", "yes"))[0].startswith(WRONG)


def test_remedies_training_waits_for_this_sessions_guess_even_when_cached():
    compute._runs.clear()
    app = fresh(REMEDIES)
    assert "_train_start" not in buttons(app) and "_reset" in buttons(app)
    answer(app, "remedies.train", "yes")  # the broken net against itself: the losses end equal, so "no" is right
    [reveal] = reveals(app)
    assert reveal.startswith(WRONG), reveal
    assert {"Final training loss", "Final accuracy"} <= metric_labels(app)
    loss = next(m.value for m in app.metric if m.label == "Final training loss")
    assert reveal.count(f"**{loss}**") == 2, "your version's loss and the broken net's, as the metric shows them"
    assert len(chart_data(app)) == 1, "the training chart (the optimiser question is still open)"

    other = fresh(REMEDIES)
    assert asked(other, "remedies.train") and "Final training loss" not in metric_labels(other)
    lecturer = run_page(REMEDIES)
    assert {RATIO_LABEL, "Final training loss", "Final accuracy"} <= metric_labels(lecturer) and len(chart_data(lecturer)) == 3  # and the isometry chart


def _phase_settings(app: AppTest) -> AppTest:
    app.radio(key="phase_activation").set_value("relu")  # the cheapest grid: ReLU, 10 layers
    app.select_slider(key="phase_depth").set_value(10)
    return app


def test_remedies_phase_waits_for_this_sessions_guess_even_when_cached():
    compute._runs.clear()
    app = _phase_settings(fresh(REMEDIES))
    assert "_phase_start" not in buttons(app)
    ranges = phase_guess_ranges()
    assert app.radio(key="_predict_remedies.phase_choice").options == [f"σ_w {low:g} to {high:g}" for low, high in ranges]
    critical = math.sqrt(2)  # ReLU's chi_1 = 1 at sigma_b = 0; the measured sign change sits near it
    answer(app, "remedies.phase", str(phase_guess_range(critical)))
    [reveal] = reveals(app)
    assert f"σ_b = {PHASE_SIGMA_B[0]:g}" in reveal
    measured = float(reveal.split("σ_w ≈ ")[1][:4])
    assert phase_guess_range(measured) == phase_guess_range(critical) and reveal.startswith(RIGHT), reveal
    assert any("agree within" in c.value for c in app.caption), "the phase chart and its captions follow the reveal"

    other = _phase_settings(fresh(REMEDIES)).run()
    assert asked(other, "remedies.phase") and not [c for c in other.caption if "agree within" in c.value]
    lecturer = _phase_settings(run_page(REMEDIES)).run()
    assert [c for c in lecturer.caption if "agree within" in c.value] and not reveals(lecturer)


def test_remedies_asks_which_init_keeps_the_singular_values_near_one():
    app = fresh(REMEDIES)
    assert asked(app, "remedies.iso") and "Var λ, Gaussian W" not in metric_labels(app)
    assert app.radio(key="_predict_remedies.iso_choice").options == ["Gaussian", "Orthogonal", "Both", "Neither"]
    answer(app, "remedies.iso", "orthogonal")  # tanh at criticality, depth 50: orthogonal only (tests/test_claims_remedies.py)
    [reveal] = reveals(app)
    view = remedies_claims.isometry_view("tanh", remedies_claims.ISO_DEPTH, remedies_claims.ISO_WIDTH)
    assert reveal.startswith(RIGHT) and f"{view['orthogonal']['stats']['within']:.0%} of the orthogonal" in reveal
    assert {"Var λ, Gaussian W", "Var λ, orthogonal W"} <= metric_labels(app) and len(chart_data(app)) == 1
    app.radio(key="iso_activation").set_value("relu").run()  # the guess stays; the reveal follows the settings
    assert reveals(app)[0].startswith(WRONG)
    assert reveals(answer(fresh(REMEDIES), "remedies.iso", "both"))[0].startswith(WRONG)


@pytest.mark.parametrize("path", [EXPLODING, RNN, REMEDIES])
def test_skip_predictions_asks_nothing(path):
    app = run_page(path)
    assert not app.get("form") and not reveals(app)
    assert chart_data(app), "every chart that needs no button at once"


def test_the_sidebar_switch_lives_in_the_address():
    """The lecturer's switch is bound to ?skip_predictions (the browser writes
    a bound widget's value into the address), a link with it opens switched
    on, and switching it on in a session skips the pages' questions."""
    linked = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    linked.query_params["skip_predictions"] = "true"
    assert linked.run().toggle(key="skip_predictions").value is True
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    assert app.toggle(key="skip_predictions").value is False and "skip_predictions" not in app.query_params
    app.switch_page(RNN).run()
    assert asked(app, "rnn.far") and not chart_data(app)
    app.toggle(key="skip_predictions").set_value(True).run()
    assert not asked(app, "rnn.far") and chart_data(app)
    assert app.query_params["skip_predictions"] == "true", "the switch is written into the address"


# --- Vanishing ------------------------------------------------------------------------------
VANISHING = "pages/vanishing.py"


def answer_power(app: AppTest, key: str, exponent: int) -> AppTest:
    app.select_slider(key=f"_predict_{key}_power").set_value(exponent)
    next(b for b in app.button if b.proto.form_id == f"_predict_{key}").click().run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_vanishing_asks_for_a_power_of_ten_before_the_ratio():
    spec = vanishing_claims.DEFAULT_SPEC
    ratio = first_to_last(probe_gradients(spec))
    app = fresh(VANISHING)
    assert asked(app, "vanishing.ratio")
    assert f"Layer 1 ÷ layer {spec.depth}" not in metric_labels(app)
    drawn = len(chart_data(app))  # the activation charts, which do not answer the question
    right = round(math.log10(ratio))
    answer_power(app, "vanishing.ratio", right)
    [reveal] = reveals(app)
    assert reveal.startswith(RIGHT) and display.number(ratio, 3) in reveal
    assert f"Layer 1 ÷ layer {spec.depth}" in metric_labels(app) and len(chart_data(app)) == drawn + 1
    assert reveals(answer_power(fresh(VANISHING), "vanishing.ratio", right + 3))[0].startswith(WRONG)


def test_vanishing_training_waits_for_this_sessions_guess_even_when_cached():
    compute._runs.clear()
    app = fresh(VANISHING)
    assert asked(app, "vanishing.train") and "_train_start" not in buttons(app)
    answer(app, "vanishing.train", "less")  # the default sigmoid net: the first layer hardly moves
    [reveal] = [r for r in reveals(app) if "weights moved" in r]
    assert reveal.startswith(RIGHT), reveal
    other = fresh(VANISHING)
    assert asked(other, "vanishing.train") and not [md for md in other.markdown if md.value.startswith("Final loss")]


def test_vanishing_symmetry_asks_before_the_constant_nets_units_are_shown():
    """The gradient at init is drawn at once; the training that answers how
    many distinct units a constant net keeps waits for the guess."""
    width = vanishing_claims.SYMMETRY_DEFAULT.width
    app = fresh(VANISHING)
    assert asked(app, "vanishing.symmetry")
    assert not [label for label in metric_labels(app) if label.startswith("Distinct units per layer")]
    drawn = len(chart_data(app))
    answer(app, "vanishing.symmetry", "one")
    [reveal] = [r for r in reveals(app) if "constant net" in r]
    assert reveal.startswith(RIGHT) and f"1 distinct unit(s) of {width}" in reveal, reveal
    assert "Distinct units per layer, He" in metric_labels(app) and len(chart_data(app)) == drawn + 1
    [wrong] = [r for r in reveals(answer(fresh(VANISHING), "vanishing.symmetry", "all")) if "constant net" in r]
    assert wrong.startswith(WRONG)


def test_the_first_layers_move_is_classified_around_the_band():
    band = vanishing_claims.MOVE_BAND
    assert vanishing_claims.first_layer_move(0.0, 1.0) == "less"
    assert vanishing_claims.first_layer_move(1.0, band * 1.01) == "less"
    assert vanishing_claims.first_layer_move(1.0, band * 0.99) == "same"
    assert vanishing_claims.first_layer_move(band * 1.01, 1.0) == "more"


# --- Residual -------------------------------------------------------------------------------
RESIDUAL = "pages/residual.py"


def test_residual_asks_within_the_band_before_the_metrics():
    app = fresh(RESIDUAL)
    assert asked(app, "residual.band") and not app.metric
    spec = residual_claims.probe_spec("sigmoid", residual_claims.DEPTH, 1.0, "none")
    probes = compute.probe_plain_and_residual(spec)
    within = residual_claims.within_band(first_to_last(probes[probes["net"] == "residual"], "out_grad_norm"))
    answer(app, "residual.band", "yes" if within else "no")
    [reveal] = reveals(app)
    assert reveal.startswith(RIGHT) and len(app.metric) == 3
    assert reveals(answer(fresh(RESIDUAL), "residual.band", "no" if within else "yes"))[0].startswith(WRONG)


def test_residual_degradation_waits_for_this_sessions_guess():
    app = fresh(RESIDUAL)
    assert asked(app, "residual.degradation") and "_train_start" not in buttons(app)
