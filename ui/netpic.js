// The net as a picture (ui/netpic.py builds `data`; every string arrives in data.labels).
//
// Columns: the input (x), then layers 1..L (data.layers, layer 1 nearest the input),
// then the loss. The connections into layer j are drawn in layer j's colour and
// thickness; "Play" lights them up from the loss back to the input, one layer per
// step, in one requestAnimationFrame loop. The static picture is drawn twice into
// offscreen canvases (lit and dimmed) on every data change or resize; a frame only
// composites them around the moving front, so 100 layers x 64 connections cost two
// drawImage calls per frame.
//
// Exposed for tests and benchmarks on the root element: data-layers, data-columns,
// data-ticks, data-frame (0 = only the loss, L = every layer lit), data-playing, data-draws.

const ZERO_COLOR = "#8c8c8c";  // an exact 0: grey, dashed per cause
const EVENT_COLOR = "#D55E00";  // inf/NaN: vermillion, as the charts' overflow markers
const DASHES = { underflow: [5, 4], dead: [1.5, 3.5], zero_scale: [10, 4], overflow: [] };
const DIM_ALPHA = 0.14;  // the layers the backward pass has not reached yet
const COMPACT_LAYERS = 30;  // deeper nets: thin columns, nodes as small marks
const views = new WeakMap();

export default function (component) {
  const root = component.parentElement.querySelector(".netpic");
  let view = views.get(root);
  if (!view) {
    view = createView(root);
    views.set(root, view);
  }
  view.update(component.data);
  return () => {
    view.destroy();
    views.delete(root);
  };
}

function element(tag, className, parent, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

function svg(tag, attributes, parent) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (parent) parent.appendChild(node);
  return node;
}

function formatValue(layer, labels) {
  return layer.state === "ok" ? layer.value.toExponential(2) : labels.states[layer.state];
}

function createView(root) {
  root.replaceChildren();
  const bar = element("div", "bar", root);
  const title = element("span", "title", bar);
  const play = element("button", "play", bar);
  const back = element("button", "back", bar);
  const forward = element("button", "forward", bar);
  const status = element("span", "status", bar);
  const canvas = element("canvas", "", root);
  const legend = element("div", "legend", root);
  const caption = element("div", "caption", root);
  const ctx = canvas.getContext("2d");
  const lit = document.createElement("canvas");
  const dim = document.createElement("canvas");

  let data = null;
  let geometry = null;
  let progress = 0;  // layers the backward pass has crossed, 0..L (fractional while playing)
  let playing = false;
  let frameId = 0;
  let lastTime = null;  // the previous frame's timestamp; null before a pass's first frame
  let draws = 0;

  const layerCount = () => data.layers.length;
  // Slower for a shallow net, faster for a deep one: a full pass takes about 2 to 6 s.
  const stepMs = () => Math.min(600, Math.max(50, 5000 / layerCount()));

  function layout() {
    if (!data) return;
    const width = Math.floor(root.getBoundingClientRect().width);
    if (width <= 0) return;
    const present = !!data.present;
    const font = present ? 18 : 13;
    const maxNodes = Math.max(...data.nodes);
    const marks = data.layers.some(layer => layer.saturated > 0);
    const top = data.skips ? font * 2.2 : font * 0.8;
    // Rows of nodes at a fixed pitch: a 3-node strip is short, 8 nodes a full picture.
    const height = Math.round(top + maxNodes * (present ? 30 : 24) + font * 1.8 + (marks ? 12 : 0));
    const dpr = window.devicePixelRatio || 1;
    for (const target of [canvas, lit, dim]) {
      target.width = Math.round(width * dpr);
      target.height = Math.round(height * dpr);
    }
    canvas.style.height = `${height}px`;
    const measure = lit.getContext("2d");
    measure.font = `${font}px sans-serif`;
    const left = Math.max(measure.measureText(data.labels.input).width / 2 + 4, font);
    const right = Math.max(measure.measureText(data.labels.loss).width / 2 + 4, font);
    const n = layerCount();
    const spacing = (width - left - right) / (n + 1);  // input, n layers, loss
    const bottom = height - font * 1.8 - (marks ? 12 : 0);
    const rowGap = (bottom - top) / maxNodes;
    const compact = n > COMPACT_LAYERS;
    geometry = {
      width, height, dpr, font, top, bottom, rowGap, spacing, compact, marks,
      x: j => left + j * spacing,  // j = 0 input, 1..n layers, n + 1 loss
      y: (j, m) => (top + bottom) / 2 + (m - (data.nodes[j] - 1) / 2) * rowGap,
      radius: compact ? Math.max(1, Math.min(spacing * 0.28, rowGap * 0.25, 3)) : Math.max(3, Math.min(spacing * 0.12, rowGap * 0.3, 9)),
      line: compact ? Math.max(0.3, Math.min(spacing * 0.05, 0.8)) : Math.max(0.8, Math.min(rowGap * 0.07, 2.2)),
    };
    render(lit.getContext("2d"), 1);
    render(dim.getContext("2d"), DIM_ALPHA);
    draw();
  }

  // The whole picture at `alpha` (1 lit, DIM_ALPHA not reached yet); labels always at full strength.
  function render(target, alpha) {
    const g = geometry;
    const n = layerCount();
    const ink = getComputedStyle(root).color;
    target.setTransform(g.dpr, 0, 0, g.dpr, 0, 0);
    target.clearRect(0, 0, g.width, g.height);
    target.lineCap = "round";
    target.globalAlpha = alpha;
    for (let j = 1; j <= n; j++) {
      const layer = data.layers[j - 1];
      stroke(target, layer);
      target.beginPath();
      for (let a = 0; a < data.nodes[j - 1]; a++) {
        for (let b = 0; b < data.nodes[j]; b++) {
          target.moveTo(g.x(j - 1), g.y(j - 1, a));
          target.lineTo(g.x(j), g.y(j, b));
        }
      }
      target.stroke();
      if (data.skips) {
        // The identity path around the layer: an arc over the column's top node.
        const rise = Math.min(g.font * 1.4, g.spacing * 0.8 + g.font * 0.4);
        const startY = g.y(j - 1, 0) - g.radius, endY = g.y(j, 0) - g.radius;
        target.lineWidth *= 1.6;
        target.beginPath();
        target.moveTo(g.x(j - 1), startY);
        target.quadraticCurveTo((g.x(j - 1) + g.x(j)) / 2, Math.min(startY, endY) - rise, g.x(j), endY);
        target.stroke();
      }
    }
    target.setLineDash([]);
    // The loss reads the last layer: neutral lines into a square.
    target.strokeStyle = ink;
    target.lineWidth = g.line * 0.6;
    target.beginPath();
    for (let b = 0; b < data.nodes[n]; b++) {
      target.moveTo(g.x(n), g.y(n, b));
      target.lineTo(g.x(n + 1), (g.top + g.bottom) / 2);
    }
    target.stroke();
    target.fillStyle = ink;
    const side = Math.max(g.radius * 2.4, 6);
    target.fillRect(g.x(n + 1) - side / 2, (g.top + g.bottom) / 2 - side / 2, side, side);
    // Nodes: the input's in the ink colour, each layer's in its gradient's colour.
    for (let j = 0; j <= n; j++) {
      const layer = j > 0 ? data.layers[j - 1] : null;
      target.fillStyle = layer ? (layer.color || (layer.state === "overflow" ? EVENT_COLOR : ZERO_COLOR)) : ink;
      for (let m = 0; m < data.nodes[j]; m++) {
        target.beginPath();
        if (g.compact) target.rect(g.x(j) - g.radius, g.y(j, m) - g.radius, g.radius * 2, g.radius * 2);
        else target.arc(g.x(j), g.y(j, m), g.radius, 0, 2 * Math.PI);
        target.fill();
        if (!g.compact) {
          target.strokeStyle = ink;
          target.lineWidth = 1;
          target.stroke();
        }
      }
      // The share of saturated units: a bar under the column, full height = every unit.
      if (layer && g.marks && layer.saturated > 0) {
        target.fillStyle = ink;
        const barWidth = Math.max(2, Math.min(g.spacing * 0.5, 10));
        target.fillRect(g.x(j) - barWidth / 2, g.bottom + 4, barWidth, 10 * layer.saturated);
      }
    }
    target.globalAlpha = 1;
    labelColumns(target, ink);
  }

  function stroke(target, layer) {
    const g = geometry;
    target.setLineDash(layer.state === "ok" ? [] : DASHES[layer.state]);
    if (layer.state === "ok") {
      target.strokeStyle = layer.color;
      target.lineWidth = g.line * (0.4 + 2.6 * layer.position);  // thicker for a larger gradient
    } else {
      target.strokeStyle = layer.state === "overflow" ? EVENT_COLOR : ZERO_COLOR;
      target.lineWidth = g.line * (layer.state === "overflow" ? 3 : 1);
    }
  }

  // Layer numbers under the columns (every k-th when they would crowd), the input's and the loss's names.
  function labelColumns(target, ink) {
    const g = geometry;
    const n = layerCount();
    target.fillStyle = ink;
    target.font = `${g.font}px sans-serif`;
    target.textAlign = "center";
    target.textBaseline = "alphabetic";
    const baseline = g.height - g.font * 0.5;
    const ends = [[0, data.labels.input], [n + 1, data.labels.loss]];
    const reserved = ends.map(([j, text]) => [g.x(j), target.measureText(text).width / 2 + g.font * 0.6]);
    const every = [1, 2, 5, 10, 20, 25, 50].find(k => k * g.spacing >= g.font * 2.4) || 50;
    for (let j = 1; j <= n; j++) {
      if (j % every !== 0 && j !== 1 && j !== n) continue;
      const text = String(j);
      const half = target.measureText(text).width / 2;
      if (reserved.some(([x, room]) => Math.abs(g.x(j) - x) < room + half)) continue;
      if (j !== n && j !== 1 && Math.abs(g.x(n) - g.x(j)) < half * 2 + g.font) continue;
      target.fillText(text, g.x(j), baseline);
    }
    for (const [j, text] of ends) target.fillText(text, g.x(j), baseline);
  }

  // One frame: the dimmed picture, the lit part right of the front, the front itself.
  function draw() {
    if (!geometry) return;
    const g = geometry;
    const n = layerCount();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(dim, 0, 0);
    const front = progress >= n ? 0 : g.x(n - progress);
    ctx.save();
    ctx.beginPath();
    ctx.rect(front * g.dpr, 0, canvas.width, canvas.height);
    ctx.clip();
    ctx.drawImage(lit, 0, 0);
    ctx.restore();
    if (progress < n) {
      ctx.fillStyle = "rgba(128, 128, 128, 0.25)";
      ctx.fillRect((front - 1.5) * g.dpr, g.top * g.dpr, 3 * g.dpr, (g.bottom - g.top) * g.dpr);
    }
    const frame = Math.floor(progress);
    root.dataset.frame = String(frame);
    root.dataset.playing = String(playing);
    root.dataset.draws = String(++draws);
    play.textContent = playing ? data.labels.pause : data.labels.play;
    if (frame >= n && !playing) status.textContent = data.labels.direction;
    else {
      const layer = data.layers[n - 1 - Math.min(frame, n - 1)];
      status.textContent = `${data.labels.layer} ${layer.layer}: ${formatValue(layer, data.labels)}`;
    }
  }

  function tick(now) {
    // rAF's timestamp is the frame's start, which can precede the click that started the pass.
    progress = Math.min(layerCount(), progress + (lastTime === null ? 0 : Math.max(0, now - lastTime)) / stepMs());
    lastTime = now;
    if (progress >= layerCount()) playing = false;
    draw();
    frameId = playing ? requestAnimationFrame(tick) : 0;
  }

  function start() {
    if (progress >= layerCount()) progress = 0;
    playing = true;
    lastTime = null;
    cancelAnimationFrame(frameId);
    frameId = requestAnimationFrame(tick);
  }

  function pause() {
    playing = false;
    cancelAnimationFrame(frameId);
    frameId = 0;
    draw();
  }

  play.addEventListener("click", () => (playing ? pause() : start()));
  back.addEventListener("click", () => {
    progress = Math.max(0, Math.ceil(progress) - 1);
    pause();
  });
  forward.addEventListener("click", () => {
    progress = Math.min(layerCount(), Math.floor(progress) + 1);
    pause();
  });
  canvas.addEventListener("mousemove", event => {
    if (!geometry) return;
    const x = event.clientX - canvas.getBoundingClientRect().left;
    const j = Math.round((x - geometry.x(0)) / geometry.spacing);
    const layer = data.layers[j - 1];
    canvas.title = layer ? `${data.labels.layer} ${layer.layer}: ${formatValue(layer, data.labels)}` : "";
  });
  const observer = new ResizeObserver(layout);
  observer.observe(root);

  function buildLegend() {
    legend.replaceChildren();
    const scale = element("div", "scale", legend);
    element("span", "", scale, data.labels.legend);
    // The colour bar as a wedge: colour and thickness both grow with the gradient.
    const ramp = element("div", "ramp", scale);
    const wedge = svg("svg", { class: "bar-fill", viewBox: "0 0 100 10", preserveAspectRatio: "none", width: "100%", height: "0.8em" }, ramp);
    const gradient = svg("linearGradient", { id: `netpic-ramp-${Math.random().toString(36).slice(2)}` }, svg("defs", {}, wedge));
    data.gradient.forEach((color, k) => svg("stop", { offset: `${(100 * k) / (data.gradient.length - 1)}%`, "stop-color": color }, gradient));
    svg("polygon", { points: "0,4 100,0 100,10 0,6", fill: `url(#${gradient.id})` }, wedge);
    for (const tick of data.ticks) element("span", "tick", ramp, tick.label).style.left = `${100 * tick.position}%`;
    for (const state of data.states) {
      const key = element("span", "key", legend);
      const sample = svg("svg", { width: "28", height: "10" }, key);
      svg("line", {
        x1: "0", y1: "5", x2: "28", y2: "5", stroke: state === "overflow" ? EVENT_COLOR : ZERO_COLOR,
        "stroke-width": state === "overflow" ? "3" : "1.5", "stroke-dasharray": DASHES[state].join(" "),
      }, sample);
      element("span", "", key, data.labels.states[state]);
    }
    if (data.skips) {
      const key = element("span", "key", legend);
      svg("path", { d: "M0,10 Q14,-4 28,10", fill: "none", stroke: "currentColor", "stroke-width": "2" }, svg("svg", { width: "28", height: "10" }, key));
      element("span", "", key, data.labels.skip);
    }
    if (data.layers.some(layer => layer.saturated > 0)) {
      const key = element("span", "key", legend);
      svg("rect", { x: "9", y: "0", width: "10", height: "10", fill: "currentColor" }, svg("svg", { width: "28", height: "10" }, key));
      element("span", "", key, data.labels.saturated);
    }
  }

  return {
    update(next) {
      // A rerun that sends the same net (another section's control moved) leaves the animation alone;
      // a new net is drawn whole (every layer lit).
      if (data !== null && JSON.stringify(next) === JSON.stringify(data)) return;
      data = next;
      const n = layerCount();
      progress = n;
      playing = false;
      cancelAnimationFrame(frameId);
      root.classList.toggle("present", !!data.present);
      root.dataset.layers = String(n);
      root.dataset.columns = String(n + 1);
      root.dataset.ticks = data.ticks.map(tick => tick.label).join("|");
      back.textContent = data.labels.back;
      forward.textContent = data.labels.forward;
      caption.textContent = data.labels.caption;
      title.textContent = data.labels.title;
      title.hidden = !data.labels.title;
      buildLegend();
      layout();
    },
    destroy() {
      cancelAnimationFrame(frameId);
      observer.disconnect();
    },
  };
}
