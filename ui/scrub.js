// A slider whose chart follows it in the browser (ui/scrub.py sends `data`).
//
// data: value (the server's), min, max, step, decimals (the step's: the value
// is shown with them), label, help, signal (the chart's Vega param, or null).
// While the slider moves, the chart's own range input bound to `signal`
// (hidden by scrub.css) is set to the value's step number (round(value /
// step): the value itself for an integer slider, an integer always, so the
// chart never compares floats) and sent an `input` event: Vega sets the param
// and redraws, with no server round trip. On `change` (pointer
// released, or a key pressed) the value is sent to the server as state
// "value"; the server's next run sends it back as data.value.
//
// Exposed for tests and benchmarks on the root element: data-value (shown),
// data-sent (last value sent to the server), data-drives (chart updates made).

const views = new WeakMap();
const SYNC_MS = 500;
const CATCH_UP_FRAMES = 600;  // about 10 s
let counter = 0;

const EVENT = "gradient-flow-lab-scrub";  // on document while a slider moves: detail {signal, value: the step number}
// The step number each slider shows, by signal, on window: the slider and its followers are two
// components, each with its own copy of this module.
const SHOWN = "__gradientFlowLabScrub";
window[SHOWN] = window[SHOWN] || {};

export default function (component) {
  const follower = component.parentElement.querySelector(".scrub-follow");
  if (follower) return follow(follower, component.data);
  const root = component.parentElement.querySelector(".scrub");
  let view = views.get(root);
  if (!view) {
    view = createView(root, component.setStateValue);
    views.set(root, view);
  }
  view.update(component.data);
  return () => {
    view.destroy();
    views.delete(root);
  };
}

function createView(root, setStateValue) {
  root.replaceChildren();
  const id = `scrub-${++counter}`;
  const head = document.createElement("div");
  head.className = "head";
  const label = document.createElement("label");
  label.htmlFor = id;
  label.dataset.testid = "stWidgetLabel";  // as Streamlit's own widgets' labels (see scrub.py's TEST_ID)
  const shown = document.createElement("output");
  shown.htmlFor = id;
  head.append(label, shown);
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  const ends = document.createElement("div");
  ends.className = "ends";
  const low = document.createElement("span");
  const high = document.createElement("span");
  ends.append(low, high);
  root.append(head, input, ends);

  let data = null;
  let drives = 0;
  let sent = [];  // values sent to the server whose run has not come back yet, oldest first
  let frame = 0;

  // The chart's range input bound to the param: Vega names it after the param.
  const bound = () => (data && data.signal ? document.querySelector(`input[type="range"][name="${CSS.escape(data.signal)}"]`) : null);

  // The slider's value in units of its step: the chart's param (ui/scrub.py step_number).
  const stepNumber = () => String(Math.round(Number(input.value) / data.step));

  function drive() {
    const target = bound();
    if (target && target.value !== stepNumber()) {
      target.value = stepNumber();
      target.dispatchEvent(new Event("input"));
      root.dataset.drives = String(++drives);
    }
    return target !== null;
  }

  function show() {
    const text = Number(input.value).toFixed(data.decimals);
    shown.textContent = text;
    input.setAttribute("aria-valuetext", text);
    root.dataset.value = input.value;
    if (data.signal) {  // the followers show this value too
      window[SHOWN][data.signal] = Number(stepNumber());
      document.dispatchEvent(new CustomEvent(EVENT, { detail: { signal: data.signal, value: Number(stepNumber()) } }));
    }
  }

  // A chart embedded after this run (a new spec, a page opened at another depth) starts at the
  // spec's value: after each update, the chart is set every frame until its bound input exists
  // and agrees with the slider (for up to CATCH_UP_FRAMES: a wide net has no such chart); a chart
  // embedded later still is caught every SYNC_MS.
  function catchUp() {
    cancelAnimationFrame(frame);
    let frames = CATCH_UP_FRAMES;
    const step = () => {
      const target = bound();
      drive();
      frame = (target && target.value === stepNumber()) || --frames <= 0 ? 0 : requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
  }
  const timer = setInterval(drive, SYNC_MS);

  input.addEventListener("input", () => {
    drive();
    show();
  });
  // Sent after the next frame is painted: the server's rerun (and Streamlit marking the page
  // as running) would otherwise take the main thread before Vega draws the new depth.
  // Pending from the change on, though sent a frame later: a run for an older value that came
  // back in between found nothing pending and put the slider back (a lost key press).
  input.addEventListener("change", () => {
    const value = Number(input.value);
    sent.push(value);
    root.dataset.sent = String(value);
    requestAnimationFrame(() => setTimeout(() => setStateValue("value", value), 0));
  });

  return {
    update(next) {
      data = next;
      label.textContent = data.label;
      input.title = data.help;
      input.min = String(data.min);
      input.max = String(data.max);
      input.step = String(data.step);
      low.textContent = data.min.toFixed(data.decimals);
      high.textContent = data.max.toFixed(data.decimals);
      // A run for a value sent before the last one is stale: the slider has moved on since.
      // With nothing pending, the server's value holds (a preset, a lesson step, a link).
      const echo = sent.indexOf(data.value);
      if (echo >= 0) sent = sent.slice(echo + 1);
      if (sent.length === 0) input.value = String(data.value);
      show();
      catchUp();
    },
    destroy() {
      cancelAnimationFrame(frame);
      clearInterval(timer);
    },
  };
}

// A follower (ui/scrub.py follow_metric(), follow_caption()): while the slider driving
// `data.signal` moves, the first metric (data.target "metric") or caption ("caption") in the
// same Streamlit container shows data.labels / data.values of the slider's step number k
// (index k - data.first; for an integer slider of step 1, its value); the server's next run
// redraws it itself, for the step number `data.at` it computed.
const followers = new WeakMap();
const TARGETS = { metric: '[data-testid="stMetric"]', caption: '[data-testid="stCaptionContainer"]' };

function follow(root, data) {
  let state = followers.get(root);
  if (!state) {
    state = { data };
    const box = root.closest('[data-testid="stVerticalBlock"]');
    const holds = () => {
      const current = state.data;
      const target = box && box.querySelector(TARGETS[current.target]);
      if (!target) return false;
      if (current.target !== "metric") return current.values.includes(firstText(target));
      const label = firstText(target.querySelector('[data-testid="stMetricLabel"]'));
      const shown = firstText(target.querySelector('[data-testid="stMetricValue"]'));
      return current.values.some((text, index) => text === shown && current.labels[index] === label);
    };
    // The slider's value, each time the slider component shows one: also when a run redraws the
    // slider without a move (a language switch relabels it), before this follower's new data has
    // arrived. Only over a metric that shows one of this follower's own (label, number) pairs:
    // otherwise the metric is already a run's for other texts or another setting, and writing this
    // follower's old texts over it would stay on screen through later runs (React redraws a text
    // only when its own copy of it changes; seen: a language switch left Residual's metrics in English).
    state.listener = event => {
      const { signal, value } = event.detail;
      if (signal !== state.data.signal || !holds()) return;
      apply(value);
    };
    const apply = value => {
      const current = state.data;
      const index = value - current.first;
      if (index < 0 || index >= current.values.length) return;
      const target = box && box.querySelector(TARGETS[current.target]);
      if (!target) return;
      if (current.target === "metric") {
        setText(target.querySelector('[data-testid="stMetricLabel"]'), current.labels[index]);
        setText(target.querySelector('[data-testid="stMetricValue"]'), current.values[index]);
      } else {
        setText(target, current.values[index]);
      }
      root.dataset.shown = String(value);
    };
    state.apply = apply;
    document.addEventListener(EVENT, state.listener);
    // The server's run for a value the slider has since left (each key press is sent) redraws
    // the metric at that older value: show the slider's value again whenever the metric changes.
    // Not while this follower is stale (Streamlit's data-stale: a run is drawing the page and
    // has not reached it yet): its values may be another setting's (a preset, another
    // activation, a wide net with no family), and that run's metric is its own number, right
    // for the value it computed; the follower, sent again after the metric, corrects it then.
    // Nor when its metric shows a number this follower does not hold at any value: the number is
    // then a run's for another setting, and this follower an old one that the run has not yet
    // taken off the page (between the run's end and the removal of its stale elements, they are
    // not marked stale).
    state.observer = new MutationObserver(() => {
      const container = root.closest('[data-testid="stElementContainer"]');
      if (!container || container.dataset.stale === "true" || !holds()) return;
      const value = window[SHOWN][state.data.signal];
      if (value !== undefined) apply(value);
    });
    if (box) state.observer.observe(box, { subtree: true, childList: true, characterData: true });
    followers.set(root, state);
  }
  state.data = data;
  // Drawn (or sent again) by a run for the value `at`: if the slider has moved on since, show its value.
  requestAnimationFrame(() => {
    const value = window[SHOWN][state.data.signal];
    if (value !== undefined && value !== state.data.at) state.apply(value);
  });
  return () => {
    document.removeEventListener(EVENT, state.listener);
    state.observer.disconnect();
    followers.delete(root);
  };
}

// The element's first text node (a metric's label is Markdown in a <p>, beside a help icon; a caption's, in a <p>).
function firstTextNode(element) {
  if (!element) return null;
  return document.createTreeWalker(element, NodeFilter.SHOW_TEXT, { acceptNode: n => (n.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) }).nextNode();
}

function firstText(element) {
  const node = firstTextNode(element);
  return node ? node.nodeValue : null;
}

function setText(element, text) {
  const node = firstTextNode(element);
  if (node && node.nodeValue !== text) node.nodeValue = text;  // unchanged: no mutation to observe
}
