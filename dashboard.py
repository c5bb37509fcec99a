"""Gradient Flow Lab: entry point (`streamlit run dashboard.py`)."""

import os

# Idle OpenMP threads sleep instead of spinning: with many sessions on two
# cores, spinning workers slowed small training runs up to 30x. Must be set
# before torch is first imported (the pages import it).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import streamlit as st  # noqa: E402

from ui import frame, prefetch, restart  # noqa: E402
from ui.i18n import t  # noqa: E402
from ui.nav import PAGES  # noqa: E402


def card_fields() -> dict[str, dict]:
    """The numbers the page cards state, by page key."""
    from core.claims.home import exploding_headline  # imports torch: only when the home page is shown
    from ui import display
    from ui.presets import PRESETS

    headline = next(preset.values for preset in PRESETS["exploding"] if preset.key == "five_to_ten")
    exploding = exploding_headline(headline["weight_scale"], headline["depth"])
    return {"exploding": {"power": display.power(exploding["weight"], exploding["depth"]), "gain": display.number(exploding["gain"])}}


def home() -> None:
    st.title(t("app.title"))
    st.markdown(f"##### {t('app.tagline')}")
    st.markdown(t("home.intro"))
    st.markdown(t("home.chain_rule"))
    st.latex(r"\frac{\partial L}{\partial h_i} = \frac{\partial L}{\partial h_L}\;\prod_{k=i+1}^{L} \frac{\partial h_k}{\partial h_{k-1}}")
    st.caption(t("home.chain_caption"))
    st.subheader(t("home.pages"))
    fields = card_fields()
    cards = st.columns(len(PAGES))
    for card, page in zip(cards, PAGES):
        with card.container(border=True):
            st.markdown(f"#### {t(f'nav.{page.key}')}")
            st.markdown(t(f"home.card.{page.key}", **fields.get(page.key, {})))
            st.page_link(page.path, label=t("frame.open"), icon=page.icon)
    st.subheader(t("home.how"))
    st.markdown(t("home.how_text"))
    myths()


def myth_fields(numbers: dict[str, dict]) -> dict[str, dict]:
    """core.myths' numbers plus the lists and the matrix the sentences spell out."""
    eigen, derivative = numbers["eigen"], numbers["derivative"]
    rows = ", ".join("[" + ", ".join(f"{entry:g}" for entry in row) + "]" for row in eigen["matrix"])
    return numbers | {
        "eigen": eigen | {"matrix": f"[{rows}]"},
        "derivative": derivative | {
            "values": ", ".join(f"{t(f'act.{name}')} {value:.4g}" for name, value in derivative["peaks"].items()),
            "above": ", ".join(t(f"act.{name}") for name in derivative["above"]),
        },
    }


def myths() -> None:
    from ui import compute  # imports torch: only when the home page is shown

    st.subheader(t("home.myths"), divider="gray")
    st.caption(t("home.myths_caption"))
    with st.spinner(t("frame.computing")):
        numbers = myth_fields(compute.myths())
    for left, right in zip(*[iter(list(numbers))] * 2):
        for column, myth in zip(st.columns(2), (left, right)):
            with column.container(border=True):
                st.markdown(f":red[:material/close:] ~~{t(f'myth.{myth}.claim', **numbers[myth])}~~")
                st.markdown(f":green[:material/check:] {t(f'myth.{myth}.fact', **numbers[myth])}")


frame.app_options()
# An emoji, not a :material/: icon: the browser fetches a material favicon from fonts.gstatic.com.
st.set_page_config(page_title=t("app.title"), page_icon="📉", layout="wide", initial_sidebar_state=frame.sidebar_state())
navigation = st.navigation(
    [st.Page(home, title=t("nav.home"), icon=":material/home:", default=True)]
    + [st.Page(page.path, title=t(f"nav.{page.key}"), icon=page.icon, url_path=page.key) for page in PAGES]
)
# A page left open across a server restart reloads itself from its address (ui/restart.py).
restart.reload_after_reconnect()
# The app as served: neighbouring slider values are computed while the server is idle.
prefetch.enable()
with prefetch.foreground():
    navigation.run()
