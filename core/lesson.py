"""A lesson is data: lessons/<name>.toml, an ordered list of steps.

    [[step]]
    page = "vanishing"                       # a lab page
    state = "depth=30&activation=relu"       # its link parameters (what its Link menu shows)
    board = ["depth", "ratio"]               # computed numbers, core.claims.lesson.BOARD[page]
    section = "matrix_demo"                  # optional: the page section whose first chart `notice` sits above
    [step.en]                                # and [step.zh]: every language of the app
    title = "..."   say = "..."   ask = "..."   notice = "..."   # may format in {ratio:.2g}
                                             # title is required; say, ask and notice may be left out

load() reads and checks a file and raises LessonError with one line naming
the file and the line (TOML syntax) or the step and its line (anything else):
an unknown page, a malformed state, a missing language or text, an unknown
board name, a format field that is not on the board. Whether each value of
a state is one its page's control accepts is checked by that page's own
link reader when the step is shown (ui/lesson.py), and for the shipped
lessons by tests/test_lesson.py.

A lesson made in the app (a lecturer's "Add this screen", ui/lesson.py) is
built by screen_step() through the same checks, written out by dumps() as a
file that loads() reads back, and uploaded through loads() with a smaller
limit (MAX_UPLOAD_BYTES).
"""

from __future__ import annotations

import json
import re
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

from .claims.lesson import BOARD, screen_board

LESSONS_DIR = Path(__file__).resolve().parents[1] / "lessons"
LANGUAGES = ("en", "zh")
TEXTS = ("title", "say", "ask", "notice")
OPTIONAL = ("say", "ask", "notice")  # a step added from a page may have only its title
NAME = re.compile(r"[a-z0-9_-]{1,40}")  # a lesson's file name (its ?lesson= value)
SECTION = re.compile(r"[a-z_][a-z0-9_]{0,60}")
MAX_STEPS = 100
MAX_STATE_CHARS = 1000  # what a link may carry (ui/controls.MAX_QUERY_CHARS)
MAX_FILE_BYTES = 200_000
MAX_UPLOAD_BYTES = 64 * 1024  # a lesson file uploaded on the Lesson page (the default lesson is about 20 KB)


class LessonError(ValueError):
    """A lesson file that cannot be used; the message names the file and where."""


@dataclass(frozen=True)
class Step:
    page: str
    state: str  # the query string, as written
    params: dict[str, str]  # the same, parsed
    board: tuple[str, ...]
    section: str  # the page section (its function's name) whose first chart the notice sits above; "" = the page's first chart
    text: dict[str, dict[str, str]]  # language -> {title, say, ask, notice}; an optional text left out is ""
    line: int  # of its [[step]] header, for messages (0: made in the app, not read from a file)


@dataclass(frozen=True)
class Lesson:
    name: str
    title: dict[str, str]  # language -> title
    steps: tuple[Step, ...]
    source: str = ""  # the file it was read from, for messages: "lessons/intro.toml", an upload's "mine.toml"; "" made in the app


def names(folder: Path = LESSONS_DIR) -> list[str]:
    """The lessons in `folder`, by file name, sorted."""
    return sorted(path.stem for path in folder.glob("*.toml") if NAME.fullmatch(path.stem))


def load(name: str, folder: Path = LESSONS_DIR) -> Lesson:
    if not NAME.fullmatch(name):
        raise LessonError(f"No lesson named {name!r}: a lesson's name is lowercase letters, digits, - and _.")
    return load_file(folder / f"{name}.toml")


def load_file(path: Path) -> Lesson:
    where = f"{path.parent.name}/{path.name}"
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise LessonError(f"{where}: cannot be read ({error.strerror}).") from None
    return loads(raw, where, path.stem)


def loads(raw: bytes, where: str, name: str, limit: int = MAX_FILE_BYTES) -> Lesson:
    """A lesson from a file's bytes; `where` names the file in messages."""
    if len(raw) > limit:
        raise LessonError(f"{where}: over {limit:,} bytes.")
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise LessonError(f"{where}: not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as error:
        raise LessonError(f"{where}: {error} (TOML syntax).") from None
    return parse(data, where, _step_lines(text), name)


def _step_lines(text: str) -> list[int]:
    """The line of each [[step]] header, in order (1-based)."""
    return [number for number, line in enumerate(text.splitlines(), start=1) if re.fullmatch(r"\s*\[\[\s*step\s*\]\]\s*(#.*)?", line)]


def parse(data: dict, where: str, lines: list[int], name: str) -> Lesson:
    lesson = data.get("lesson", {})
    if not isinstance(lesson, dict):
        raise LessonError(f"{where}: [lesson] must be a table.")
    titles = {}
    for language in LANGUAGES:
        title = lesson.get(language, {}).get("title") if isinstance(lesson.get(language), dict) else None
        if not isinstance(title, str) or not title.strip():
            raise LessonError(f"{where}: [lesson] has no {language}.title.")
        titles[language] = title
    steps = data.get("step")
    if not isinstance(steps, list) or not steps:
        raise LessonError(f"{where}: no steps (each starts with [[step]]).")
    if len(steps) > MAX_STEPS:
        raise LessonError(f"{where}: {len(steps)} steps, at most {MAX_STEPS}.")
    if not all(isinstance(raw, dict) for raw in steps):
        raise LessonError(f"{where}: each step must be a [[step]] table.")
    return Lesson(name, titles, tuple(_step(raw, where, index, lines) for index, raw in enumerate(steps, start=1)), where)


def _step(raw: dict, where: str, index: int, lines: list[int]) -> Step:
    line = lines[index - 1] if index <= len(lines) else 0
    at = f"{where}, step {index}" + (f" (line {line})" if line else "")

    def fail(message: str):
        raise LessonError(f"{at}: {message}")

    page = raw.get("page")
    if page not in BOARD:
        fail(f"unknown page {page!r}; the pages are {', '.join(BOARD)}.")
    state = raw.get("state", "")
    if not isinstance(state, str) or len(state) > MAX_STATE_CHARS:
        fail(f"state must be a link's query string of at most {MAX_STATE_CHARS} characters.")
    try:
        pairs = parse_qsl(state, keep_blank_values=True, strict_parsing=True) if state else []
    except ValueError:
        fail(f"state {state!r} is not a query string (key=value&key=value).")
    params = dict(pairs)
    if len(params) != len(pairs):
        fail(f"state {state!r} names a control twice.")
    board = raw.get("board", [])
    if not isinstance(board, list) or not all(isinstance(name, str) for name in board):
        fail("board must be a list of names.")
    unknown = [name for name in board if name not in BOARD[page]]
    if unknown:
        fail(f"unknown board number {unknown[0]!r} for the {page} page; it has {', '.join(BOARD[page])}.")
    section = raw.get("section", "")
    if not isinstance(section, str) or not (section == "" or SECTION.fullmatch(section)):
        fail(f"section must be the name of one of the page's sections, e.g. \"matrix_demo\".")
    text = {}
    for language in LANGUAGES:
        texts = raw.get(language)
        if not isinstance(texts, dict):
            fail(f"no [step.{language}] text.")
        for key in TEXTS:
            value = texts.get(key, "" if key in OPTIONAL else None)
            if not isinstance(value, str) or (key not in OPTIONAL and not value.strip()):
                fail(f"[step.{language}] has no {key}." if key not in OPTIONAL else f"[step.{language}] {key} must be text.")
            _check_fields(value, board, lambda message, key=key, language=language: fail(f"{language}.{key}: {message}"))
        text[language] = {key: texts.get(key, "") for key in TEXTS}
    return Step(page, state, params, tuple(board), section, text, line)


def _check_fields(text: str, board: list[str], fail) -> None:
    """Every {field} is a board number of the step and its format spec formats a number."""
    try:
        fields = [(field, spec) for _, field, spec, _ in string.Formatter().parse(text) if field is not None]
    except ValueError as error:
        fail(f"a brace that is not a field ({error}); write {{{{ for a literal brace.")
    for field, spec in fields:
        if field not in board:
            fail(f"{{{field}}} is not on the step's board ({', '.join(board) or 'empty'}).")
        try:
            format(1.0, spec or "")
        except ValueError:
            fail(f"{{{field}:{spec}}} is not a number format.")


def render(step: Step, language: str, numbers: dict[str, float]) -> dict[str, str]:
    """The step's texts in `language` with the board numbers formatted in."""
    return {key: value.format(**numbers) for key, value in step.text[language].items()}


# --- a lesson made in the app: steps from pages, written out as a file ----------------------------

def literal_text(text: str) -> str:
    """A lecturer's own text as a step text: its braces are not fields."""
    return text.replace("{", "{{").replace("}", "}}")


def screen_step(page: str, state: str, titles: dict[str, str], say: str = "", ask: str = "") -> Step:
    """A step showing `page` at `state` (its Link's query string), with the page's screen_board.
    `titles` is {language: title}; `say` and `ask` are the lecturer's, in every language.
    Checked as a file's step is: raises LessonError."""
    raw = {"page": page, "state": state, "board": list(screen_board(page, dict(parse_qsl(state)))),
           **{language: {"title": literal_text(titles[language]), "say": literal_text(say), "ask": literal_text(ask)} for language in LANGUAGES}}
    return _step(raw, "this screen", 1, [])


def _toml(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and TOML also refuses a raw DEL."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def dumps(lesson: Lesson) -> str:
    """The lesson as a lessons/<name>.toml file: loads() reads back the same steps."""
    lines = ["# A lesson for Gradient Flow Lab: open the Lesson page and upload it, or put it in lessons/.", "", "[lesson]"]
    lines += [f"{language} = {{ title = {_toml(lesson.title[language])} }}" for language in LANGUAGES]
    for step in lesson.steps:
        lines += ["", "[[step]]", f"page = {_toml(step.page)}", f"state = {_toml(step.state)}",
                  "board = [" + ", ".join(_toml(name) for name in step.board) + "]"]
        if step.section:
            lines.append(f"section = {_toml(step.section)}")
        for language in LANGUAGES:
            lines.append(f"[step.{language}]")
            lines += [f"{key} = {_toml(value)}" for key, value in step.text[language].items() if value or key not in OPTIONAL]
    return "\n".join(lines) + "\n"
