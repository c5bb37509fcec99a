"""Every chart a page draws is a valid Vega-Lite spec, and the cached spec
the app sends is the one Streamlit's own st.altair_chart would send.

The app converts charts without Altair's schema validation (it doubles the
cost of a chart: benchmarks/README.md), so the validation happens here: each
page is run with the spec cache cleared and every chart it builds goes
through Altair's validating to_dict().
"""

from __future__ import annotations

import json

import pytest

from tests.test_pages import PAGE_PATHS, run_page
from ui import frame


@pytest.fixture
def validated(monkeypatch):
    """The names of the builders whose charts passed schema validation."""
    names: list[str] = []
    convert = frame._vega_lite_spec

    def validate_then_convert(chart):
        chart.to_dict(validate=True)  # raises on any schema error
        names.append(chart.title.text if hasattr(chart.title, "text") else "?")
        return convert(chart)

    frame._chart_payload.clear()
    monkeypatch.setattr(frame, "_vega_lite_spec", validate_then_convert)
    yield names
    frame._chart_payload.clear()


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_chart_on_the_page_is_valid_vega_lite(path, validated):
    app = run_page(path)
    for key in ("_train_start", "_phase_start"):  # the demos that wait for a button draw charts too
        if [button for button in app.button if button.key == key]:
            app.button(key=key).click().run()
    assert not app.exception, [e.message for e in app.exception]
    # Training charts that grow while they train are drawn with st.altair_chart, which validates them itself.
    assert validated, "no chart went through frame.chart"
    assert len(app.get("vega_lite_chart")) >= len(set(validated))


def test_the_cached_spec_is_what_streamlit_would_send():
    """Same marks, encodings and data as st.altair_chart's own conversion;
    only the datasets' names differ (both are hashes of the Arrow bytes)."""
    import numpy as np
    import pandas as pd
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    from ui import charts

    probe = pd.DataFrame({"layer": np.arange(1, 11), "grad_norm": np.r_[np.logspace(0, -7, 8), 0.0, np.inf], "curve": "measured"})
    labels = dict(title="t", subtitle="s", x_title="x", y_title="y", series_title="series", dashed=[], underflow_text="u",
                  overflow_text="o", value_title="v")

    def build():
        return charts.gradient_flow_chart(probe, x="layer", y="grad_norm", series="curve", **labels)

    ours, streamlits = frame._vega_lite_spec(build()), _convert_altair_to_vega_lite_spec(build())
    assert sorted(ours["datasets"].values()) == sorted(streamlits["datasets"].values())

    def without_names(spec: dict) -> str:
        text = json.dumps({k: v for k, v in spec.items() if k not in ("datasets", "config")}, sort_keys=True)
        for name in spec["datasets"]:
            text = text.replace(name, "DATA")
        return text

    assert without_names(ours) == without_names(streamlits)


def test_the_chart_cache_key_follows_every_value_that_is_drawn():
    import numpy as np
    import pandas as pd

    probe = pd.DataFrame({"layer": np.arange(1, 21), "grad_norm": np.logspace(0, -9, 20), "curve": "measured"})
    key = frame._fingerprint(((probe,), {"dashed": ["theory"], "rules": None}))
    assert frame._fingerprint(((probe.copy(),), {"dashed": ["theory"], "rules": None})) == key
    changed = [probe.assign(grad_norm=probe["grad_norm"].where(probe["layer"] != 7, 0.0)),  # one value underflows
               probe.assign(grad_norm=probe["grad_norm"].where(probe["layer"] != 7, np.inf)),  # ... or overflows
               probe.assign(curve=probe["curve"].where(probe["layer"] != 3, "theory")),  # one label
               probe.rename(columns={"curve": "series"})]
    for frame_ in changed:
        assert frame._fingerprint(((frame_,), {"dashed": ["theory"], "rules": None})) != key
    assert frame._fingerprint(((probe,), {"dashed": ["Theory"], "rules": None})) != key
    assert frame._fingerprint(((probe,), {"dashed": ["theory"], "rules": 1.0})) != key
