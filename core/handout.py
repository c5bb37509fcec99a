"""A lesson as a printable handout, in Markdown and in print-friendly HTML.

Front: every step's page, settings and question, with a blank space for the
student's prediction. Back (after a page break): every step's answer, its
takeaway, what to notice and the board's numbers computed at its state
(core.claims.lesson). Plain functions of the lesson, the numbers and the
app's words in one language, so tests can read every line:

    words(key, **fields) -> str   # the app's strings in the handout's language (ui/lang):
                                  # "handout.*", "<page>.title", "lesson.board.<page>.<name>"
    number(value) -> str          # a board number as the app shows it (ui.display.number)

Teacher-written text (a lesson file's, or an uploaded one's) is escaped in
the HTML: it is shown as written, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Callable

from .lesson import Lesson, render

Words = Callable[..., str]
Numbers = dict[str, float] | None  # a step's board numbers; None: they could not be computed at its state


@dataclass(frozen=True)
class Sheet:
    """One step, in one language, as the handout prints it."""

    heading: str  # "Step 3 of 18 · Vanishing gradients"
    settings: str  # the page's link state ("depth = 30 · activation = relu"), or the words for "default settings"
    say: str
    question: str
    title: str  # the takeaway (the answer)
    notice: str
    board: tuple[tuple[str, str], ...]  # (label, number) pairs; empty when the numbers could not be computed
    computed: bool


def sheets(lesson: Lesson, language: str, numbers: list[Numbers], words: Words, number: Callable[[float], str]) -> list[Sheet]:
    out = []
    for k, (step, values) in enumerate(zip(lesson.steps, numbers, strict=True), start=1):
        text = render(step, language, values) if values is not None else {key: "" for key in ("title", "say", "ask", "notice")}
        board = tuple((words(f"lesson.board.{step.page}.{name}"), number(value)) for name, value in (values or {}).items())
        out.append(Sheet(
            heading=f"{words('lesson.step', k=k, n=len(lesson.steps))} · {words(f'{step.page}.title')}",
            settings=" · ".join(f"{key} = {value}" for key, value in step.params.items()) or words("handout.default_settings"),
            say=text["say"],
            question=text["ask"] or words("handout.default_question"),
            title=text["title"],
            notice=text["notice"],
            board=board,
            computed=values is not None,
        ))
    return out


BLANK_LINES = 3  # the Markdown handout's lines for a prediction


def markdown(lesson: Lesson, language: str, numbers: list[Numbers], words: Words, number: Callable[[float], str]) -> str:
    """The handout as Markdown; an HTML page break before the answers (kept by most Markdown printers)."""
    blank = "\\_" * 48  # escaped: a line of bare underscores is a horizontal rule
    lines = [f"# {lesson.title[language]}", "", words("handout.intro"), ""]
    pages = sheets(lesson, language, numbers, words, number)
    for sheet in pages:
        lines += [f"## {sheet.heading}", "", f"{words('handout.settings')} `{sheet.settings}`", ""]
        if sheet.say:
            lines += [sheet.say, ""]
        lines += [f"**{words('handout.question')}** {sheet.question}", "", f"**{words('handout.prediction')}**", ""]
        lines += [line for _ in range(BLANK_LINES) for line in (blank, "")]
    lines += ['<div style="page-break-before: always"></div>', "", f"# {words('handout.answers')}", ""]
    for sheet in pages:
        lines += [f"## {sheet.heading}", ""]
        if not sheet.computed:
            lines += [words("handout.no_board"), ""]
            continue
        lines += [f"**{sheet.title}**", ""]
        if sheet.notice:
            lines += [sheet.notice, ""]
        lines += [f"- {label}: **{value}**" for label, value in sheet.board] + ([""] if sheet.board else [])
    return "\n".join(lines)


PRINT_CSS = """
body { font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #111; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin: 0 0 0.4rem; }
.step { border-top: 1px solid #999; padding-top: 0.6rem; margin-top: 1rem; break-inside: avoid; page-break-inside: avoid; }
.settings { font-family: ui-monospace, monospace; font-size: 0.85em; color: #444; overflow-wrap: anywhere; }
.prediction { height: 7rem; border: 1px dashed #777; border-radius: 4px; }
.answers { break-before: page; page-break-before: always; }
@media print { body { margin: 0; max-width: none; } }
"""


def html(lesson: Lesson, language: str, numbers: list[Numbers], words: Words, number: Callable[[float], str]) -> str:
    """The handout as one self-contained, print-friendly HTML page: the answers start on a new printed page."""
    pages = sheets(lesson, language, numbers, words, number)
    parts = [f'<!doctype html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n<title>{escape(lesson.title[language])}</title>',
             f"<style>{PRINT_CSS}</style>\n</head>\n<body>", f"<h1>{escape(lesson.title[language])}</h1>", f"<p>{escape(words('handout.intro'))}</p>"]
    for sheet in pages:
        parts.append('<section class="step">')
        parts.append(f"<h2>{escape(sheet.heading)}</h2>")
        parts.append(f'<p class="settings">{escape(words("handout.settings"))} {escape(sheet.settings)}</p>')
        if sheet.say:
            parts.append(f"<p>{escape(sheet.say)}</p>")
        parts.append(f"<p><strong>{escape(words('handout.question'))}</strong> {escape(sheet.question)}</p>")
        parts.append(f'<p><strong>{escape(words("handout.prediction"))}</strong></p>\n<div class="prediction"></div>\n</section>')
    parts.append(f'<section class="answers">\n<h1>{escape(words("handout.answers"))}</h1>')
    for sheet in pages:
        parts.append(f'<section class="step">\n<h2>{escape(sheet.heading)}</h2>')
        if not sheet.computed:
            parts.append(f"<p>{escape(words('handout.no_board'))}</p>\n</section>")
            continue
        parts.append(f"<p><strong>{escape(sheet.title)}</strong></p>")
        if sheet.notice:
            parts.append(f"<p>{escape(sheet.notice)}</p>")
        if sheet.board:
            parts.append("<ul>" + "".join(f"<li>{escape(label)}: <strong>{escape(value)}</strong></li>" for label, value in sheet.board) + "</ul>")
        parts.append("</section>")
    parts.append("</section>\n</body>\n</html>\n")
    return "\n".join(parts)
