"""The frame every page shares: intro, "what to notice", math, reading."""

from __future__ import annotations

import streamlit as st

from ui.i18n import t


def setup_page(page: str) -> None:
    """Call first on every page: the page also runs on its own (AppTest)."""
    st.set_page_config(page_title=f"{t(f'{page}.title')} · {t('app.title')}", layout="wide")


def intro(page: str) -> None:
    st.title(t(f"{page}.title"))
    st.markdown(t(f"{page}.intro"))


def notice(page: str) -> None:
    st.subheader(t("frame.notice"), divider="gray")
    st.markdown(t(f"{page}.notice"))


def math(items: list[tuple[str, str]]) -> None:
    """items: (sentence key, LaTeX) pairs."""
    st.subheader(t("frame.math"), divider="gray")
    for key, latex in items:
        st.markdown(t(key))
        st.latex(latex)


def reading(page: str) -> None:
    st.subheader(t("frame.reading"), divider="gray")
    st.markdown(t(f"{page}.reading"))


def chart(chart) -> None:
    st.altair_chart(chart, width="stretch")
