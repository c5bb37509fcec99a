"""What the layout tests read from a drawn page: text that does not fit its
box, chart text Vega cut or drew outside its canvas, the charts' lines and
text sizes, and element boxes. Shared by test_no_clipping.py and
test_presentation.py."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.test_browser import MARK_RUNS, RUN_FINISHED, VEGA_VIEW, wait_for, wait_until_drawn

# Every visible box of text in the app whose text is wider than the box
# (scrollWidth > clientWidth): cut with "…", hidden, or spilling over its
# neighbours. A text node is measured in its nearest box with a width
# (inline elements have none); inputs by their value; a formula (KaTeX) as a
# whole, by its display box (its inner boxes overlap by design). Left out:
# visually hidden elements (1 px wide: "Skip to main content"), boxes off
# the screen (the closed sidebar), icons (a ligature's name in an icon font)
# and code blocks, which scroll on purpose. 3 px of slack: a glyph's
# overhang (italic math) is not a cut.
OVERFLOWING_TEXT = """() => {
    const boxes = new Set();
    const walker = document.createTreeWalker(document.querySelector('[data-testid="stApp"]'), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        let box = node.parentElement;
        while (box && box.clientWidth === 0) box = box.parentElement;
        if (box) boxes.add(box);
    }
    for (const input of document.querySelectorAll('[data-testid="stApp"] input')) if (input.value) boxes.add(input);
    for (const formula of document.querySelectorAll('[data-testid="stApp"] .katex-display')) boxes.add(formula);
    const found = [];
    for (const box of boxes) {
        if (box.clientWidth <= 1 || !box.getClientRects().length || getComputedStyle(box).visibility === 'hidden') continue;
        if (box.getBoundingClientRect().right <= 0 || box.closest('pre, code, style, script, [role="tooltip"], .katex, [data-testid="stIconMaterial"]')) continue;
        if (box.scrollWidth > box.clientWidth + 3)
            found.push({element: box.closest('[data-testid^="st"]:not([data-testid="stMarkdownContainer"])')?.dataset.testid || box.tagName,
                        text: (box.value || box.textContent).trim().slice(0, 100), textWidth: box.scrollWidth, boxWidth: box.clientWidth});
    }
    return found;
}"""

# Text Vega cut with "…" (wider than its `limit`; measured on a canvas with
# the item's own font, as Vega measures it) or drew outside its chart's
# canvas, in every chart of the main area: titles, subtitles, axis and
# legend labels, text marks. Items hidden by label-overlap removal have
# opacity 0 and are left out.
CUT_CHART_TEXT = """() => {
    const viewOf = VEGA_VIEW;
    const context = document.createElement('canvas').getContext('2d');
    const widthOf = (item, line) => {
        context.font = `${item.fontStyle || 'normal'} ${item.fontWeight || 'normal'} ${item.fontSize || 11}px ${item.font || 'sans-serif'}`;
        return context.measureText(line).width;
    };
    const found = [];
    document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]').forEach((chart, index) => {
        const view = viewOf(chart), canvas = chart.querySelector('canvas');
        if (!view || !canvas) return;
        const box = canvas.getBoundingClientRect();
        const visit = (node, x, y) => {
            if (node.marktype === 'text') for (const item of node.items || []) {
                if (item.opacity === 0 || item.text == null || item.text === '') continue;
                const lines = Array.isArray(item.text) ? item.text : String(item.text).split(item.lineBreak || '\\n');
                for (const line of lines) {
                    const width = widthOf(item, line);
                    if (item.limit > 0 && width > item.limit + 0.5) found.push({chart: index, role: node.role, text: line, cut: `${Math.round(width)} px > limit ${Math.round(item.limit)}`});
                }
                const b = item.bounds;
                if (x + b.x1 < -0.5 || y + b.y1 < -0.5 || x + b.x2 > box.width + 0.5 || y + b.y2 > box.height + 0.5)
                    found.push({chart: index, role: node.role, text: lines.join(' / '),
                                outside: `[${Math.round(x + b.x1)}, ${Math.round(y + b.y1)}, ${Math.round(x + b.x2)}, ${Math.round(y + b.y2)}] of ${Math.round(box.width)}x${Math.round(box.height)}`});
            }
            for (const child of node.items || []) if (child.items) visit(child, x + (child.x || 0), y + (child.y || 0));
        };
        const [left, top] = view.origin(), padding = view.padding();  // drawn at padding + origin
        visit(view.scenegraph().root, left + padding.left, top + padding.top);
    });
    return found;
}""".replace("VEGA_VIEW", VEGA_VIEW)

# Per chart of the main area: its data lines (role "mark", marktype line:
# one mark per series) with stroke width, dash pattern and colour, the
# smallest font size of its visible text, and its plot's height.
CHART_STYLE = """() => {
    const viewOf = VEGA_VIEW;
    return [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]')].map(chart => {
        const view = viewOf(chart);
        const lines = [], sizes = [];
        const visit = node => {
            if (node.marktype === 'line' && node.role === 'mark' && node.items?.length && node.items[0].opacity !== 0) {
                const item = node.items[0];
                lines.push({width: item.strokeWidth, dash: String(item.strokeDash || 'solid'), color: item.stroke});
            }
            if (node.marktype === 'text') for (const item of node.items || []) if (item.opacity !== 0 && item.text != null && item.text !== '') sizes.push({size: item.fontSize, text: String(item.text).slice(0, 40), role: node.role});
            for (const child of node.items || []) if (child.items) visit(child);
        };
        if (view) visit(view.scenegraph().root);
        return {lines, smallestText: sizes.sort((a, b) => a.size - b.size)[0] || null, plotHeight: view ? view.height() : null};
    });
}""".replace("VEGA_VIEW", VEGA_VIEW)

# Boxes (viewport coordinates) of the page's first chart and first metric,
# the sidebar, and computed font sizes: body text, a metric value.
FIRST_SCREEN = """() => {
    const rect = element => element ? (({top, bottom, left, right}) => ({top, bottom, left, right}))(element.getBoundingClientRect()) : null;
    const main = document.querySelector('[data-testid="stMain"]');
    const value = main.querySelector('[data-testid="stMetricValue"]');
    const body = main.querySelector('[data-testid="stMarkdown"] p');
    const valueText = value && [...value.querySelectorAll('*')].find(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) || value;
    return {
        viewport: {width: window.innerWidth, height: window.innerHeight},
        chart: rect(main.querySelector('[data-testid="stVegaLiteChart"]')),
        metric: rect(main.querySelector('[data-testid="stMetric"]')),
        sidebar: rect(document.querySelector('[data-testid="stSidebar"]')),
        sidebarOpen: (document.querySelector('[data-testid="stSidebar"]')?.getBoundingClientRect().right ?? 0) > 1,  // closed: moved off the screen
        metricFont: valueText ? parseFloat(getComputedStyle(valueText).fontSize) : null,
        bodyFont: body ? parseFloat(getComputedStyle(body).fontSize) : null,
    };
}"""

# The buttons that start a page's training demos and its phase diagram:
# their charts are only drawn once pressed (or once anyone on the server has
# run the same settings).
DEMO_BUTTONS = ("_train_start", "_race_start", "_phase_start")


def start_demos(page: Page) -> None:
    """Press each demo button of the page, opening the expander it is
    folded in (presentation mode: its controls are then checked too), and
    wait until its charts are drawn. The click is dispatched to the button
    itself: a pointer click at its position missed it when the page's
    layout moved under the pointer (a chart finishing its drawing above)."""
    for key in DEMO_BUTTONS:
        button = page.locator(f'[data-testid="stMain"] .st-key-{key} button')
        if not button.count() or button.first.is_disabled():
            continue
        page.evaluate("""key => {
            const details = document.querySelector(`[data-testid="stMain"] .st-key-${key}`).closest('details');
            if (details && !details.open) details.querySelector('summary').click();
        }""", key)
        button.first.wait_for(state="visible")
        page.evaluate(MARK_RUNS)
        button.first.dispatch_event("click")
        wait_for(page, RUN_FINISHED, f"the run started by {key} to finish")
        wait_until_drawn(page)
