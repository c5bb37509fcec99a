"""User-facing text lives in ui/lang/<code>.py, never in page code.

`t("vanishing.title")` returns the string for the current language, with
`str.format` fields filled from keyword arguments. A missing key raises
KeyError (the tests check every key exists in every language).
"""

from __future__ import annotations

import streamlit as st

from ui.lang import en, zh

LANGUAGES = {"en": en.STRINGS, "zh": zh.STRINGS}
LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"


def current_language() -> str:
    """The sidebar's choice (session state "lang"); on a page run on its own
    (AppTest, before the switch exists) the link's ?lang= parameter."""
    lang = st.session_state.get("lang") or st.query_params.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, /, **fields) -> str:
    text = LANGUAGES[current_language()][key]
    return text.format(**fields) if fields else text


def options(prefix: str, values) -> dict[str, str]:
    """Display labels for the choices of a select widget: {value: label}."""
    return {value: t(f"{prefix}.{value}") for value in values}
