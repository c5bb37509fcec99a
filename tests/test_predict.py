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


def _cells():
    import streamlit as st

    from ui import predict

    guess = predict.ask("cells", "Which cells will solve it?", choices={"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}, multi=True)
    if guess is not None:
        st.metric("answer", "|".join(guess.value or ()) + f" ({guess.label})")


def test_a_multi_question_takes_any_number_of_choices_none_included():
    app = AppTest.from_function(_cells).run()
    app.get("button_group")[0].set_value(["gru", "rnn"])
    app.button[0].click().run()
    assert [m.value for m in app.metric] == ["rnn|gru (RNN, GRU)"], "the picks in the choices' order"
    none = AppTest.from_function(_cells).run()
    none.button[0].click().run()
    assert [m.value for m in none.metric] == [" (none of them)"], "no pick is a guess too"


def _training():
    import streamlit as st

    from ui import predict

    slot = st.sidebar.empty()
    guess, start = predict.ask_to_run("race", "Which cell wins?", choices={"rnn": "RNN", "lstm": "LSTM"}, button="Train",
                                      slot=slot, button_key="_train", icon=":material/play_arrow:")
    st.session_state["runs"] = st.session_state.get("runs", 0) + bool(start)
    st.metric("runs started", st.session_state["runs"])


def test_the_commit_of_a_run_question_starts_the_run_and_then_the_button_does():
    app = AppTest.from_function(_training).run()
    assert [b.key for b in app.button if b.key == "_train"] == [], "the form's submit stands in for the button"
    app.radio(key="_predict_race_choice").set_value("lstm")
    next(b for b in app.button if b.proto.form_id == "_predict_race").click().run()
    assert app.metric[0].value == "1", "the commit starts the run"
    app.run()
    assert app.metric[0].value == "1", "a rerun does not start it again"
    app.button(key="_train").click().run()
    assert app.metric[0].value == "2"


def test_a_run_question_skipped_shows_the_button_and_starts_nothing():
    app = AppTest.from_function(_training)
    app.query_params["skip_predictions"] = "true"
    app.run()
    assert app.button(key="_train") and app.metric[0].value == "0" and not app.get("form")
