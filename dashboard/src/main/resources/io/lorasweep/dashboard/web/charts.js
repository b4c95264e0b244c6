// Small SVG charts drawn from data: line charts (learning curves), a scatter with a front (quality vs cost), parallel
// coordinates (parameters and objective) and bars (parameter importance).
// Every label goes in through textContent; nothing is parsed as markup.
"use strict";

const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const PALETTE = ["#2d5be3", "#e36b2d", "#13803d", "#9b37c8", "#c2271c", "#0f8fa0", "#b28a00", "#5b6b8c",
    "#d6409f", "#3f8f4f"];

  function svgEl(tag, attrs) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    return e;
  }

  function text(parent, x, y, s, anchor) {
    const t = svgEl("text", { x, y, "text-anchor": anchor || "middle" });
    t.textContent = s;
    parent.appendChild(t);
    return t;
  }

  // About five round ticks between lo and hi.
  function ticks(lo, hi, count) {
    if (!(hi > lo)) { hi = lo + 1; }
    const raw = (hi - lo) / (count || 5);
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map(m => m * mag).find(s => s >= raw) || raw;
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
    return out;
  }

  function fmt(v) {
    const a = Math.abs(v);
    if (a === 0) return "0";
    if (a >= 1e5 || a < 1e-3) return v.toExponential(1);
    if (a >= 100) return v.toFixed(0);
    return +v.toPrecision(3) + "";
  }

  function frame(container, opts) {
    container.textContent = "";
    const width = container.clientWidth || 600;
    const height = 280;
    const m = { l: 56, r: 14, t: 10, b: 36 };
    const svg = svgEl("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img" });
    svg.setAttribute("aria-label", opts.title || "chart");
    container.appendChild(svg);
    const x0 = opts.xMin, x1 = opts.xMax, y0 = opts.yMin, y1 = opts.yMax;
    const sx = v => m.l + (x1 === x0 ? 0.5 : (v - x0) / (x1 - x0)) * (width - m.l - m.r);
    const sy = v => height - m.b - (y1 === y0 ? 0.5 : (v - y0) / (y1 - y0)) * (height - m.t - m.b);
    for (const t of ticks(y0, y1)) {
      if (t < y0 || t > y1) continue;
      svg.appendChild(svgEl("line", { class: "gridline", x1: m.l, x2: width - m.r, y1: sy(t), y2: sy(t) }));
      text(svg, m.l - 6, sy(t) + 4, fmt(t), "end");
    }
    for (const t of ticks(x0, x1)) {
      if (t < x0 || t > x1) continue;
      text(svg, sx(t), height - m.b + 16, fmt(t));
    }
    svg.appendChild(svgEl("line", { class: "axis", x1: m.l, x2: m.l, y1: m.t, y2: height - m.b }));
    svg.appendChild(svgEl("line", { class: "axis", x1: m.l, x2: width - m.r, y1: height - m.b, y2: height - m.b }));
    text(svg, (m.l + width - m.r) / 2, height - 4, opts.xLabel || "");
    const yl = text(svg, 12, (m.t + height - m.b) / 2, opts.yLabel || "");
    yl.setAttribute("transform", `rotate(-90 12 ${(m.t + height - m.b) / 2})`);
    return { svg, sx, sy };
  }

  function extent(values) {
    let lo = Infinity, hi = -Infinity;
    for (const v of values) { if (v != null && isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }
    if (lo === Infinity) return [0, 1];
    if (lo === hi) return [lo - 0.5, hi + 0.5];
    const pad = (hi - lo) * 0.05;
    return [lo - pad, hi + pad];
  }

  // series: [{name, steps:[], values:[], dashed, marker}]; returns the legend element.
  function lines(container, series, opts) {
    const xs = [], ys = [];
    series.forEach(s => { xs.push(...s.steps); ys.push(...s.values); });
    if (xs.length === 0) {
      container.textContent = "No points recorded yet.";
      container.classList.add("muted");
      return null;
    }
    container.classList.remove("muted");
    const [xMin, xMax] = extent(xs);
    const [yMin, yMax] = extent(ys);
    const { svg, sx, sy } = frame(container, Object.assign({ xMin: Math.max(0, xMin), xMax, yMin, yMax }, opts));
    const legend = document.createElement("div");
    legend.className = "legend";
    series.forEach((s, i) => {
      const color = s.color || PALETTE[i % PALETTE.length];
      let d = "", pen = false;
      s.steps.forEach((x, j) => {
        const y = s.values[j];
        if (y == null || !isFinite(y)) { pen = false; return; }
        d += (pen ? "L" : "M") + sx(x).toFixed(1) + " " + sy(y).toFixed(1) + " ";
        pen = true;
      });
      const path = svgEl("path", { d: d || "M0 0", fill: "none", stroke: color, "stroke-width": 1.6 });
      if (s.dashed) path.setAttribute("stroke-dasharray", "5 4");
      const title = svgEl("title", {});
      title.textContent = s.name;
      path.appendChild(title);
      svg.appendChild(path);
      if (s.marker && s.steps.length) {
        const j = s.steps.length - 1;
        const y = s.values[j];
        if (y != null) {
          const cx = sx(s.steps[j]), cy = sy(y);
          const x = svgEl("path", { d: `M${cx - 4} ${cy - 4} L${cx + 4} ${cy + 4} M${cx - 4} ${cy + 4} L${cx + 4} ${cy - 4}`,
            stroke: color, "stroke-width": 2 });
          svg.appendChild(x);
        }
      }
      const item = document.createElement("span");
      item.style.setProperty("--c", color);
      item.textContent = s.name;
      legend.appendChild(item);
    });
    container.appendChild(legend);
    return legend;
  }

  // cloud, front: [{trial_id, x, objective}]; x is the spend, or a second objective (opts.xLabel says which)
  function scatter(container, cloud, front, opts) {
    const all = cloud.concat(front);
    if (all.length === 0) {
      container.textContent = "No complete trial yet.";
      container.classList.add("muted");
      return;
    }
    container.classList.remove("muted");
    const [xMin, xMax] = extent(all.map(p => p.x));
    const [yMin, yMax] = extent(all.map(p => p.objective));
    const { svg, sx, sy } = frame(container, Object.assign({ xMin: Math.max(0, xMin), xMax, yMin, yMax }, opts));
    for (const p of cloud) {
      const c = svgEl("circle", { cx: sx(p.x), cy: sy(p.objective), r: 2.5, fill: "#98a2b3",
        "fill-opacity": 0.6, "data-trial": p.trial_id });
      svg.appendChild(c);
    }
    let d = "";
    front.forEach((p, i) => { d += (i ? "L" : "M") + sx(p.x).toFixed(1) + " " + sy(p.objective).toFixed(1) + " "; });
    if (d) svg.appendChild(svgEl("path", { d, fill: "none", stroke: "#e36b2d", "stroke-width": 1.8 }));
    for (const p of front) {
      const c = svgEl("circle", { cx: sx(p.x), cy: sy(p.objective), r: 4.5, fill: "#e36b2d",
        class: "front-point", "data-trial": p.trial_id });
      const t = svgEl("title", {});
      t.textContent = `trial ${p.trial_id}: ${opts.yLabel} ${fmt(p.objective)}, ${opts.xLabel} ${fmt(p.x)}`;
      c.appendChild(t);
      svg.appendChild(c);
    }
    const legend = document.createElement("div");
    legend.className = "legend";
    const a = document.createElement("span"); a.style.setProperty("--c", "#98a2b3"); a.textContent = "trials";
    const b = document.createElement("span"); b.style.setProperty("--c", "#e36b2d"); b.textContent = "Pareto front";
    legend.append(a, b);
    container.appendChild(legend);
  }

  // ---- parallel coordinates --------------------------------------------------------------------------------------

  const STOPPED = { pruned: "#e36b2d", failed: "#c2271c", diverged: "#c2271c", lost: "#c2271c", cancelled: "#98a2b3" };

  function valueKey(v) { return JSON.stringify(v); }

  function showValue(v) {
    if (v == null) return "–";
    if (Array.isArray(v)) return "[" + v.map(showValue).join(", ") + "]";
    if (typeof v === "number") return fmt(v);
    return String(v);
  }

  // One scale per axis: maps a value to 0 (bottom) .. 1 (top), or null when the value cannot be placed.
  function axisScale(axis, values) {
    const nums = values.filter(v => typeof v === "number" && isFinite(v));
    let scale = axis.scale;
    if (scale === "categorical") {
      const keys = (axis.choices || []).map(valueKey);
      const labels = (axis.choices || []).slice();
      for (const v of values) {
        const k = valueKey(v);
        if (!keys.includes(k)) { keys.push(k); labels.push(v); }
      }
      const n = keys.length;
      const at = v => { const i = keys.indexOf(valueKey(v)); return i < 0 ? null : n === 1 ? 0.5 : 1 - i / (n - 1); };
      return { scale, at, ticks: labels.map(v => ({ y: at(v), label: showValue(v) })) };
    }
    const log = scale === "log";
    const usable = log ? nums.filter(v => v > 0) : nums;
    let lo = axis.min != null ? axis.min : Infinity, hi = axis.max != null ? axis.max : -Infinity;
    for (const v of usable) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (!isFinite(lo) || !isFinite(hi)) { lo = log ? 1 : 0; hi = log ? 10 : 1; }
    const t = v => log ? Math.log10(v) : v;
    const a = t(lo), b = t(hi);
    const at = v => {
      if (typeof v !== "number" || !isFinite(v) || (log && v <= 0)) return null;
      return b === a ? 0.5 : (t(v) - a) / (b - a);
    };
    if (log) {
      const powers = [];
      for (let e = Math.ceil(a - 1e-9); e <= b + 1e-9; e++) powers.push({ y: at(Math.pow(10, e)), label: "1e" + e });
      return { scale, at, ticks: powers.length >= 2 ? powers : [lo, hi].map(v => ({ y: at(v), label: fmt(v) })) };
    }
    const tickValues = ticks(lo, hi, 4).filter(v => v >= lo - 1e-12 && v <= hi + 1e-12);
    return { scale, at, ticks: tickValues.map(v => ({ y: at(v), label: fmt(v) })) };
  }

  // data: the parallel-coordinates answer of the API; onPick(trialId) when a line is clicked.
  function parallel(container, data, onPick) {
    container.textContent = "";
    const lines = data.trials;
    if (lines.length === 0) {
      container.textContent = "No trial yet.";
      container.classList.add("muted");
      return;
    }
    container.classList.remove("muted");
    const goalUp = data.goal === "maximize";
    const axes = data.axes.map(a => Object.assign({}, a, {
      s: axisScale(a, lines.map(l => l.params[a.name]).filter(v => v !== undefined)) }));
    const objectives = lines.map(l => l.objective).filter(v => v != null);
    const objAxis = { name: data.objective + (goalUp ? " ↑" : " ↓"), s: null };
    let oLo = Math.min(...objectives), oHi = Math.max(...objectives);
    if (!objectives.length) { oLo = 0; oHi = 1; }
    // better is up whichever way the goal points
    const objAt = v => v == null ? null : oHi === oLo ? 0.5 : goalUp ? (v - oLo) / (oHi - oLo) : (oHi - v) / (oHi - oLo);
    objAxis.s = { scale: "objective", at: objAt,
      ticks: ticks(oLo, oHi, 4).filter(v => v >= oLo - 1e-12 && v <= oHi + 1e-12).map(v => ({ y: objAt(v), label: fmt(v) })) };
    const all = axes.concat([objAxis]);

    const width = Math.max(container.clientWidth || 900, 120 * all.length);
    const height = 340;
    const m = { l: 60, r: 60, t: 34, b: 40 };
    const svg = svgEl("svg", { class: "chart parallel", viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": "parallel coordinates of the trials' parameters and objective" });
    svg.style.height = height + "px";
    container.appendChild(svg);
    const x = i => m.l + (all.length === 1 ? 0 : i * (width - m.l - m.r) / (all.length - 1));
    const y = f => m.t + (1 - f) * (height - m.t - m.b);
    const missingY = height - m.b + 16;

    const ranked = lines.filter(l => l.objective != null).map(l => l.objective).sort((p, q) => p - q);
    const shade = v => {
      // the better a complete trial, the darker and bluer its line
      let f = ranked.length < 2 ? 1 : ranked.indexOf(v) / (ranked.length - 1);
      if (!goalUp) f = 1 - f;
      const light = Math.round(78 - 46 * f);
      return `hsl(${Math.round(200 + 25 * f)}, 70%, ${light}%)`;
    };
    const group = svgEl("g", { class: "pc-lines" });
    svg.appendChild(group);
    // the sample first, the best on top
    const order = lines.map((l, i) => i).reverse();
    for (const i of order) {
      const l = lines[i];
      let d = "", pen = false;
      all.forEach((a, j) => {
        const v = a === objAxis ? l.objective : l.params[a.name];
        const f = a.s.at(v);
        const py = f == null ? (a === objAxis ? missingY : null) : y(f);
        if (py == null) { pen = false; return; }
        d += (pen ? "L" : "M") + x(j).toFixed(1) + " " + py.toFixed(1) + " ";
        pen = true;
      });
      const complete = l.objective != null;
      const stopped = STOPPED[l.state];
      const path = svgEl("path", { d: d || "M0 0", fill: "none", class: "pc-line state-" + l.state,
        "data-trial": l.trial_id, "data-state": l.state,
        stroke: complete ? shade(l.objective) : stopped || "#b8c0cc",
        "stroke-width": complete && i < data.best ? 1.4 : 1, "stroke-opacity": complete ? 0.8 : 0.55 });
      if (!complete && stopped) path.setAttribute("stroke-dasharray", "4 3");
      const title = svgEl("title", {});
      title.textContent = `trial ${l.trial_id} (${l.state})` + (complete ? `: ${fmt(l.objective)}` : "");
      path.appendChild(title);
      if (onPick) path.addEventListener("click", () => onPick(l.trial_id));
      group.appendChild(path);
    }
    all.forEach((a, j) => {
      const g = svgEl("g", { class: "pc-axis", "data-axis": a === objAxis ? "objective" : a.name, "data-scale": a.s.scale });
      g.appendChild(svgEl("line", { class: "axis", x1: x(j), x2: x(j), y1: y(1), y2: y(0) }));
      for (const t of a.s.ticks) {
        if (t.y == null) continue;
        g.appendChild(svgEl("line", { class: "axis", x1: x(j) - 3, x2: x(j) + 3, y1: y(t.y), y2: y(t.y) }));
        const label = text(g, x(j) - 6, y(t.y) + 4, t.label.length > 18 ? t.label.slice(0, 17) + "…" : t.label, "end");
        label.setAttribute("class", "tick");
      }
      const name = text(g, x(j), m.t - 14, a.name + (a.s.scale === "log" ? " (log)" : ""));
      name.setAttribute("class", "axis-name");
      if (a === objAxis) text(g, x(j), missingY + 4, "no value", "middle").setAttribute("class", "tick");
      svg.appendChild(g);
    });
    const legend = document.createElement("div");
    legend.className = "legend";
    [["complete (darker is better)", "hsl(225, 70%, 32%)"], ["pruned", STOPPED.pruned],
      ["failed, diverged or lost", STOPPED.failed], ["cancelled, running or waiting", "#b8c0cc"]].forEach(([label, c]) => {
      const s = document.createElement("span");
      s.style.setProperty("--c", c);
      s.textContent = label;
      legend.appendChild(s);
    });
    container.appendChild(legend);
  }

  // items: [{parameter, importance, scale}], drawn as horizontal bars of their share.
  function bars(container, items) {
    container.textContent = "";
    const rowH = 24, labelW = 150, valueW = 60;
    const width = container.clientWidth || 600;
    const height = rowH * items.length + 6;
    const svg = svgEl("svg", { class: "chart bars", viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": "parameter importance" });
    svg.style.height = height + "px";
    const span = width - labelW - valueW - 10;
    items.forEach((it, i) => {
      const yy = i * rowH + 4;
      const label = text(svg, labelW - 8, yy + 14, it.parameter + (it.scale === "log" ? " (log)" : ""), "end");
      label.setAttribute("class", "bar-label");
      svg.appendChild(svgEl("rect", { x: labelW, y: yy + 3, width: span, height: rowH - 8, fill: "#eef0f3" }));
      const bar = svgEl("rect", { class: "importance-bar", "data-parameter": it.parameter, x: labelW, y: yy + 3,
        width: Math.max(0, it.importance) * span, height: rowH - 8, fill: "#2d5be3" });
      const t = svgEl("title", {});
      t.textContent = `${it.parameter}: ${(100 * it.importance).toFixed(1)}%`;
      bar.appendChild(t);
      svg.appendChild(bar);
      text(svg, labelW + span + 6, yy + 14, (100 * it.importance).toFixed(1) + "%", "start");
    });
    container.appendChild(svg);
  }

  return { lines, scatter, parallel, bars, fmt, PALETTE };
})();
