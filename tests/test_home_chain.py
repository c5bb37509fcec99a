"""Home's worked chain in the app (AppTest): moving a control changes the
product written term by term to the value core.chain computes, the scenario
buttons set every link, and the controls live in Home's address only."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from core.chain import LINKS, SCENARIOS, Link, chain_gradients
from tests.test_pages import ENTRY, TIMEOUT, chart_data
from ui import display
from ui.lang.en import STRINGS as EN


def home(**params) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def product_line(app: AppTest) -> str:
    (line,) = [latex.value for latex in app.latex if r"\partial x" in latex.value]
    return line


def expected_line(links) -> str:
    """The formula's numbers, formatted from core.chain's computation as the page formats them."""
    chain = chain_gradients(links)
    terms = [display.number(local, 3) for local in chain["local"]]
    terms = [f"({term})" if local < 0 else term for term, local in zip(terms, chain["local"])]
    return r" \times ".join(terms) + " = " + display.number(chain["autograd"][0], 3)


def markdown(app: AppTest) -> str:
    return "\n".join(element.value for element in app.markdown)


def test_default_shows_a_quarter_per_sigmoid_link():
    app = home()
    assert not app.exception, [e.message for e in app.exception]
    assert product_line(app).endswith(r"= 0.25 \times 0.25 \times 0.25 \times 0.25 = 0.00391" + "\n$$")
    assert EN["home.chain.shrinks"].format(factor="256") in markdown(app)
    assert [slider.value for slider in app.slider if slider.key.startswith("chain_w_")] == [1.0] * LINKS
    assert app.button(key="_chain_sigmoid").proto.type == "primary"  # the scenario shown


def test_moving_a_control_changes_the_product_to_the_computed_value():
    app = home()
    before = chart_data(app)
    app.slider(key="chain_z_2").set_value(2.0).run()
    links = [Link(), Link(z=2.0), Link(), Link()]
    assert expected_line(links) in product_line(app)
    assert "0.105" in product_line(app)  # sigma'(2), the closed form's 3 figures
    assert app.query_params["chain_z_2"] == "2"  # in Home's address
    assert chart_data(app) != before
    app.selectbox(key="chain_act_4").set_value("tanh").run()
    app.slider(key="chain_w_4").set_value(-5.0).run()
    links[3] = Link("tanh", -5.0, 0.0)
    assert expected_line(links) in product_line(app)
    growth = abs(chain_gradients(links)["autograd"][0])
    assert growth < 1 and EN["home.chain.shrinks"].format(factor=display.number(1 / growth, 3)) in markdown(app)


def test_scenario_buttons_set_every_link():
    app = home()
    app.button(key="_chain_unit").click().run()
    assert [slider.value for slider in app.slider if slider.key.startswith("chain_w_")] == [SCENARIOS["unit"][0].weight] * LINKS
    assert product_line(app).endswith(r"= 1 \times 1 \times 1 \times 1 = 1" + "\n$$")
    assert EN["home.chain.same"] in markdown(app)
    app.button(key="_chain_dead_relu").click().run()
    assert expected_line(SCENARIOS["dead_relu"]) in product_line(app)
    assert EN["home.chain.zero"].format(k=2) in markdown(app)
    assert app.button(key="_chain_dead_relu").proto.type == "primary"


def test_a_link_opens_home_with_its_chain_and_reports_a_bad_value():
    app = home(chain_act_3="relu", chain_z_3="-1", chain_w_1="7")  # w = 7 is outside the slider's range
    assert app.selectbox(key="chain_act_3").value == "relu" and app.slider(key="chain_z_3").value == -1.0
    assert app.slider(key="chain_w_1").value == 1.0  # the default, and the link says what was ignored
    assert any("chain_w_1" in warning.value for warning in app.warning)
    assert EN["home.chain.zero"].format(k=3) in markdown(app)


def test_the_chain_stays_on_home():
    """The chain's controls are Home's; another page opened from the menu
    neither reads nor keeps them."""
    app = home()
    app.slider(key="chain_w_1").set_value(2.0).run()
    assert set(app.session_state["_controls"]["home"]) == {
        f"chain_{field}_{k}" for field in ("act", "w", "z") for k in range(1, LINKS + 1)
    }
    app.query_params.clear()  # the menu's links carry no query string
    app.switch_page("pages/vanishing.py").run()
    assert not app.exception, [e.message for e in app.exception]
    assert not [key for key in app.query_params if key.startswith("chain_")]
    assert not [key for key in app.session_state["_controls"]["vanishing"] if key.startswith("chain_")]
    assert not app.warning, [warning.value for warning in app.warning]  # no "ignored" report either
