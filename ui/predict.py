"""Predict, then reveal: the question comes first, and the numbers that answer
it stay hidden in this session until the student commits a guess.

    guess = predict.ask("vanishing.ratio", question, decades=(-45, 5))
    if guess is None:
        return                      # the section stops here: nothing answers the question yet
    predict.reveal("vanishing.ratio", guess, answer, correct=...)   # the guess beside the measurement
    ... metrics and charts ...

A section whose numbers come from a run that a button starts (a training, a
measurement) asks with ask_to_run(): until the guess, the question's submit
is that button.

A guess is kept per session and per question (session state), never in a
shared cache: a result that another session computed may make the reveal
instant, it never skips the question. Once committed, the section stays
revealed while the student moves the controls, and "Ask me again" hides it
for a new guess. A lecturer who has already asked the room turns on
"Skip predictions" (?skip_predictions=true): every question is skipped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from ui import display
from ui.i18n import t

SKIP_OPTION = "skip_predictions"  # the sidebar toggle's key and its query parameter
_GUESSES = "_predict_guesses"  # session state: {question key: Guess}


@dataclass(frozen=True)
class Guess:
    """A committed answer: a choice's key, or the exponent k of a guessed 10^k.
    `value` is None when predictions are skipped."""

    value: object
    label: str  # as the student saw it ("10⁻⁶", "LSTM")

    @property
    def skipped(self) -> bool:
        return self.value is None


SKIPPED = Guess(None, "")


def skipping() -> bool:
    """The lecturer's switch, from the sidebar or, on a page run alone, the link."""
    if SKIP_OPTION in st.session_state:
        return bool(st.session_state[SKIP_OPTION])
    return st.query_params.get(SKIP_OPTION, "false").lower() == "true"


def power_of_ten(exponent: int) -> str:
    """10^k in superscript digits: 10⁻¹², 10⁰, 10³."""
    return display.power(10, exponent)


def ask(key: str, question: str, *, choices: dict[str, str] | None = None, decades: tuple[int, int] | None = None,
        multi: bool = False, commit: str | None = None) -> Guess | None:
    """Show `question` with a way to answer it: one of `choices` ({key: label};
    with `multi`, any number of them, none included) or a power of ten
    between 10^decades[0] and 10^decades[1]. Returns the committed Guess (a
    multi guess's value is the tuple of picked keys), SKIPPED while
    predictions are skipped, or None while this session has not committed
    one (the caller then shows nothing that answers the question). `commit`
    labels the button (default "Reveal")."""
    if skipping():
        return SKIPPED
    guesses = st.session_state.setdefault(_GUESSES, {})
    if key in guesses:
        return guesses[key]
    if (choices is None) == (decades is None) or (multi and choices is None):
        raise ValueError("ask() takes either choices or decades, and multi only with choices")
    box = st.empty()  # emptied on the commit: the reveal takes the question's place in the same run
    with box.container(border=True):
        st.markdown(f":material/psychology_alt: **{t('frame.predict')}:** {question}")
        with st.form(f"_predict_{key}", border=False):
            if multi:
                chosen = st.pills(t("predict.your_guess"), list(choices), format_func=choices.get, selection_mode="multi", key=f"_predict_{key}_choices")
                picked = tuple(k for k in choices if k in chosen)  # in the choices' order; () is a guess too: none of them
                label = ", ".join(choices[k] for k in picked) or t("predict.none")
            elif choices is not None:
                picked = st.radio(t("predict.your_guess"), list(choices), format_func=choices.get, index=None, horizontal=True, key=f"_predict_{key}_choice")
                label = choices.get(picked, "")
            else:
                low, high = decades
                picked = st.select_slider(t("predict.your_guess"), list(range(low, high + 1)), value=0 if low <= 0 <= high else low,
                                          format_func=power_of_ten, key=f"_predict_{key}_power")
                label = power_of_ten(picked)
            submitted = st.form_submit_button(commit or t("predict.reveal"), type="primary", icon=":material/visibility:")
        if submitted and picked is None:
            st.warning(t("predict.pick_first"), icon=":material/touch_app:")
        elif submitted:
            box.empty()
            guesses[key] = Guess(picked, label)
            return guesses[key]
        st.caption(t("predict.hidden"))
    from ui import lesson  # ui.lesson imports this module (through ui.controls)

    lesson.hold_notice()
    return None


def ask_to_run(key: str, question: str, *, choices: dict[str, str], button: str, slot, button_key: str, icon: str,
               multi: bool = False) -> tuple[Guess | None, bool]:
    """ask() for a section whose button starts a run (a training, a
    measurement) that a shared cache may already hold. Until this session
    commits a guess, the question's form stands in for the button: its
    submit, labelled `button`, commits the guess and starts the run. From
    then on (and while predictions are skipped) the button itself is drawn
    into `slot` (an st.empty among the section's controls).
    Returns (guess, start): the guess as ask() returns it, and whether the
    run was asked for in this run of the script (the commit or the button)."""
    fresh = key not in st.session_state.get(_GUESSES, {})
    guess = ask(key, question, choices=choices, multi=multi, commit=button)
    if guess is None:
        return None, False
    pressed = slot.button(button, key=button_key, type="primary", icon=icon)
    return guess, pressed or (fresh and not guess.skipped)


def reveal(key: str, guess: Guess, answer: str, correct: bool | None = None) -> None:
    """The student's guess beside the measured `answer` (Markdown), with a
    button that hides the answer again for a new guess. Nothing when
    predictions are skipped: the numbers speak for themselves."""
    if guess.skipped:
        return
    mark = {True: ":green[:material/check_circle:]", False: ":orange[:material/cancel:]", None: ":material/compare_arrows:"}[correct]
    with st.container(border=True):
        st.markdown(f"{mark} {t('predict.you_said', guess=guess.label)} {answer}")
        st.button(t("predict.again"), key=f"_predict_{key}_again", on_click=forget, args=(key,), type="tertiary", icon=":material/replay:")


def forget(key: str) -> None:
    st.session_state.setdefault(_GUESSES, {}).pop(key, None)


def decades_between(guess: Guess, measured: float) -> float:
    """How many powers of ten separate a power-of-ten guess from `measured`
    (0 when the measured value rounds to the guessed power)."""
    if measured <= 0 or not math.isfinite(measured):
        return math.inf
    return abs(math.log10(measured) - float(guess.value))
