"""Both languages have every string; every page renders in each."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from tests.test_pages import chart_data, page_test
from ui.i18n import LANGUAGES
from ui.nav import PAGES

ROOT = Path(__file__).resolve().parents[1]
EN = LANGUAGES["en"]


def fields(text: str) -> set[tuple[str, str]]:
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_key_is_present_and_non_empty(code):
    strings = LANGUAGES[code]
    assert set(strings) == set(EN), {"missing": sorted(set(EN) - set(strings)), "extra": sorted(set(strings) - set(EN))}
    assert not [key for key, text in strings.items() if not text.strip()]


@pytest.mark.parametrize("code", sorted(set(LANGUAGES) - {"en"}))
def test_translations_keep_every_format_field(code):
    wrong = {key: (fields(EN[key]), fields(text)) for key, text in LANGUAGES[code].items() if fields(text) != fields(EN[key])}
    assert not wrong


def test_every_key_the_code_asks_for_exists():
    """Literal keys in t("..."), and the prefixes of options("...", values)."""
    sources = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
    missing = []
    for source in sources:
        text = source.read_text()
        for key in re.findall(r'\bt\(\s*"([a-z_]+\.[a-z0-9_.]+)"', text):
            if key not in EN:
                missing.append(f"{source.name}: {key}")
    assert not missing


@pytest.mark.parametrize("path", [page.path for page in PAGES])
def test_every_page_renders_in_chinese(path):
    english = page_test(path).run()
    app = page_test(path)
    app.query_params["lang"] = "zh"
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.title[0].value == LANGUAGES["zh"][f"{Path(path).stem}.title"]
    assert app.title[0].value != english.title[0].value
    assert len(chart_data(app)) == len(chart_data(english))
    assert chart_data(app) != chart_data(english), "chart titles and labels must be translated too"


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_no_key_is_written_twice(code):
    """A dict literal keeps the last of two equal keys silently: a merge once
    left a corrected sentence and its stale version side by side in en.py,
    and the stale one was what the page showed."""
    import ast

    tree = ast.parse((ROOT / "ui" / "lang" / f"{code}.py").read_text(encoding="utf-8"))
    keys = [node.value for literal in ast.walk(tree) if isinstance(literal, ast.Dict)
            for node in literal.keys if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    assert not sorted({key for key in keys if keys.count(key) > 1})
