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
