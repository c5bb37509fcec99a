"""Gradient Flow Lab: entry point (`streamlit run dashboard.py`)."""

import os

# Idle OpenMP threads sleep instead of spinning: with many sessions on two
# cores, spinning workers slowed small training runs up to 30x. Must be set
# before torch is first imported (the pages import it).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import streamlit as st  # noqa: E402

from ui import controls, frame, lesson, prefetch, restart  # noqa: E402
from ui.i18n import options, t  # noqa: E402
from ui.nav import PAGES  # noqa: E402


def card_fields() -> dict[str, dict]:
    """The numbers the page cards state, by page key."""
    from core.claims.home import exploding_headline  # imports torch: only when the home page is shown
    from ui import display
    from ui.presets import PRESETS

    headline = next(preset.values for preset in PRESETS["exploding"] if preset.key == "five_to_ten")
    exploding = exploding_headline(headline["weight_scale"], headline["depth"])
    return {"exploding": {"power": display.power(exploding["weight"], exploding["depth"]), "gain": display.number(exploding["gain"])}}


HOME = "home"  # the scope of Home's controls (the worked chain) in session state and the address


def home() -> None:
    controls.enter_page(HOME)  # reads the worked chain's settings from the link
    st.title(t("app.title"))
    link_report = st.empty()
    st.markdown(f"##### {t('app.tagline')}")
    lesson.start_button()
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
    worked_chain()
    myths()
    ignored = controls.finish_page(HOME)
    if ignored:
        link_report.warning(ignored, icon=":material/link_off:")


@frame.fragment
def worked_chain() -> None:
    """The chain rule on four scalar links (core.chain): per link an
    activation, a weight and a pre-activation; the product term by term,
    autograd's value beside the closed form, and |dL/dh_i| along the chain."""
    import pandas as pd

    from core.chain import CHAIN_ACTIVATIONS, LINKS, SCENARIOS, WEIGHT_RANGE, Z_RANGE, Link, chain_gradients
    from core.claims.home import chain_lesson
    from ui import charts, display

    st.subheader(t("home.chain.title"), divider="gray")
    st.markdown(t("home.chain.intro", links=LINKS, last=display.subscript(LINKS)))
    lesson = chain_lesson()
    buttons = {
        "sigmoid": t("home.chain.scenario_sigmoid", local=display.number(lesson["peak"])),
        "unit": t("home.chain.scenario_unit", w=display.number(lesson["weight"]), local=display.number(lesson["unit"])),
        "dead_relu": t("home.chain.scenario_dead_relu"),
    }
    button_row = st.container()  # filled once the links are read: the scenario shown is highlighted
    links, slots = [], []  # slots: each card's local-derivative line, filled once the chain is computed
    for k, (column, default) in enumerate(zip(st.columns(LINKS), SCENARIOS["sigmoid"]), start=1):
        with column.container(border=True):
            st.markdown(f"**{t('home.chain.link', k=k, before=display.subscript(k - 1), after=display.subscript(k))}**")
            activation = frame.choice(st.selectbox, t("common.activation"), options("act", CHAIN_ACTIVATIONS), key=f"chain_act_{k}", default=default.activation)
            weight = frame.control(st.slider, t("home.chain.weight"), *WEIGHT_RANGE, default.weight, step=0.25, key=f"chain_w_{k}")
            z = frame.control(st.slider, t("home.chain.z"), *Z_RANGE, default.z, step=0.5, key=f"chain_z_{k}", help=t("home.chain.z_help"))
            links.append(Link(activation, weight, z))
            slots.append(st.empty())
    for column, (name, label) in zip(button_row.columns(len(buttons)), buttons.items()):
        shown = tuple(links) == SCENARIOS[name]
        column.button(label, key=f"_chain_{name}", on_click=_chain_scenario, args=(name,), type="primary" if shown else "secondary", width="stretch")
    chain = chain_gradients(links)
    for slot, link, slope, local in zip(slots, links, chain["slope"], chain["local"]):
        slot.markdown(t("home.chain.local", w=display.number(link.weight, 3), slope=display.number(slope, 3), local=display.number(local, 3)))
    st.latex(_product_latex(chain["local"], chain["autograd"][0]))
    text, plot = frame.chart_row(2)
    with text:
        st.markdown(_chain_verdict(chain))
        st.caption(t("home.chain.measured", autograd=chain["autograd"][0], closed_form=chain["closed_form"][0], links=LINKS))
        st.markdown(t("home.chain.lesson", **lesson, power=display.power(lesson["peak"], lesson["links"])))
    measured, closed = t("home.chain.autograd"), t("home.chain.closed_form")
    gradients = pd.DataFrame({
        "position": list(range(LINKS + 1)) * 2,
        "gradient": [abs(g) for g in chain["autograd"] + chain["closed_form"]],
        "curve": [measured] * (LINKS + 1) + [closed] * (LINKS + 1),
    })
    with plot:
        frame.chart(
            charts.gradient_flow_chart, gradients, x="position", y="gradient", series="curve", title=t("home.chain.chart_title"),
            subtitle=None, x_title=t("home.chain.position", last=display.subscript(LINKS)), y_title=t("home.chain.gradient"), series_title=t("common.series"),
            dashed=[closed], underflow_text=t("common.zero_scale_short"), overflow_text=t("common.overflow"),
            value_title=t("home.chain.gradient_value"), wrap=charts.HALF_WIDTH,
        )


def _chain_scenario(name: str) -> None:
    """on_click of a scenario button: every link's three controls to the scenario's values."""
    from core.chain import SCENARIOS

    controls.assign({
        f"chain_{field}_{k}": value
        for k, link in enumerate(SCENARIOS[name], start=1)
        for field, value in (("act", link.activation), ("w", link.weight), ("z", link.z))
    })


def _latex_number(value: float) -> str:
    """3 significant figures as LaTeX: 1.6e-13 -> 1.6 \\times 10^{-13}."""
    from ui import display

    text = display.number(value, 3)
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def _product_latex(local: list[float], product: float) -> str:
    """dL/dx = prod_k w_k phi_k'(z_k) = the factors, term by term (a negative one in parentheses) = autograd's product."""
    factors = r" \times ".join(f"({_latex_number(value)})" if value < 0 else _latex_number(value) for value in local)
    return rf"\frac{{\partial L}}{{\partial x}} = \prod_{{k=1}}^{{{len(local)}}} w_k\,\varphi_k'(z_k) = {factors} = {_latex_number(product)}"


def _chain_verdict(chain: dict) -> str:
    """What the product did to the gradient on its way to x, in one sentence."""
    from ui import display

    product = chain["autograd"][0]
    if product == 0:
        dead = max(k for k, local in enumerate(chain["local"], start=1) if local == 0)  # the zero nearest the loss
        return t("home.chain.zero", k=dead)
    if abs(abs(product) - 1) < 1e-12:
        return t("home.chain.same")
    factor = abs(product) if abs(product) > 1 else 1 / abs(product)
    text = display.number(factor, 3)
    if "e" in text:  # 6.9e+12 -> 6.9·10¹²
        mantissa, exponent = text.split("e")
        text = f"{mantissa}·10{display.superscript(int(exponent))}"
    return t("home.chain.grows" if abs(product) > 1 else "home.chain.shrinks", factor=text)


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
    + [lesson.index_page()]
)
# A page left open across a server restart reloads itself from its address (ui/restart.py).
restart.reload_after_reconnect()
# → / PageDown and ← / PageUp press a lesson step's Next and Previous (ui/lesson.py).
lesson.install_keys()
# The app as served: neighbouring slider values are computed while the server is idle.
prefetch.enable()
with prefetch.foreground():
    navigation.run()
# And memory no one uses is given back then (imported after the page: it imports torch).
from ui import compute  # noqa: E402

compute.start_idle_trim()
