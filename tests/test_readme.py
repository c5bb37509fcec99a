"""The README's notebook example runs and prints what it promises."""

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_notebook_example_runs_and_reproduces_5_to_the_10():
    code = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)[0]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    assert "gain: 9765625.0" in printed.getvalue()
    assert "Overflow(step=19, quantity='loss')" in printed.getvalue()


def test_the_readmes_numbers_are_the_libraries():
    """The numbers the README states, against the code that defines or computes them."""
    from core import ADDING_BASELINE_MSE, NetSpec, probe_gradients
    from core.claims.remedies import BROKEN
    from ui import controls

    text = README.read_text()
    gain = probe_gradients(NetSpec(depth=10, width=8, activation="linear", init="scaled_identity", weight_scale=5.0))
    assert "5¹⁰ = 9,765,625" in text and gain["in_grad_norm"].iloc[0] / gain["out_grad_norm"].iloc[-1] == 9_765_625
    assert f"a broken {BROKEN.depth}-layer sigmoid net" in text and BROKEN.activation == "sigmoid"
    assert "its 1/6 baseline" in text and ADDING_BASELINE_MSE == 1 / 6
    assert f"over {controls.MAX_QUERY_CHARS:,} characters or {controls.MAX_QUERY_PARAMS} parameters" in text
    from core.symmetry import LARGE_STD, SMALL_STD

    assert f"too small (σ = {SMALL_STD:g}), too large (σ = {LARGE_STD:g})" in text
    from core.nets import ORTHOGONAL_FACTORS

    assert f"the largest plain net's {ORTHOGONAL_FACTORS.max_bytes / 2**20:.0f} MiB" in text
