"""Predict, then reveal (ui/predict.py): the answer stays hidden in a session
until it commits a guess, whatever other sessions have done; the lecturer's
switch skips every question."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _section():
    import streamlit as st

    from ui import predict

    guess = predict.ask("demo", "How small is layer 1's gradient?", decades=(-20, 2))
    if guess is None:
        st.stop()
    predict.reveal("demo", guess, "Measured: 1e-12.", correct=predict.decades_between(guess, 1e-12) < 1 if not guess.skipped else None)
    st.metric("Layer 1 ÷ layer 20", "1e-12")


def _choice():
    import streamlit as st

    from ui import predict

    guess = predict.ask("cells", "Which cell keeps the most?", choices={"rnn": "RNN", "lstm": "LSTM"})
    if guess is not None:
        st.metric("answer", guess.value or "skipped")


def test_the_answer_is_hidden_until_a_guess_is_committed():
    app = AppTest.from_function(_section).run()
    assert not app.exception
    assert not app.metric, "the measurement is on screen before the question is answered"
    app.select_slider(key="_predict_demo_power").set_value(-12)
    app.button[0].click().run()  # the form's submit button
    assert [m.value for m in app.metric] == ["1e-12"]
    assert any("10⁻¹²" in md.value for md in app.markdown), "the reveal shows the student's guess"
    app.button(key="_predict_demo_again").click().run()
    assert not app.metric, "Ask me again hides the answer"


def test_every_session_is_asked_even_when_another_has_answered():
    first = AppTest.from_function(_section).run()
    first.button[0].click().run()
    assert first.metric
    second = AppTest.from_function(_section).run()
    assert not second.metric


def test_a_choice_must_be_picked_before_the_reveal():
    app = AppTest.from_function(_choice).run()
    app.button[0].click().run()
    assert not app.metric and app.warning, "an empty guess reveals nothing and says why"
    app.radio(key="_predict_cells_choice").set_value("lstm")
    app.button[0].click().run()
    assert [m.value for m in app.metric] == ["lstm"]


def test_skip_predictions_in_the_link_shows_everything_at_once():
    app = AppTest.from_function(_section)
    app.query_params["skip_predictions"] = "true"
    app.run()
    assert [m.value for m in app.metric] == ["1e-12"]
    assert not app.get("form")
