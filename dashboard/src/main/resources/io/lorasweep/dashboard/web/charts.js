// Small SVG charts drawn from data: line charts (learning curves) and a scatter with a front (quality vs cost).
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

  // cloud, front: [{trial_id, cost_usd, objective}]
  function scatter(container, cloud, front, opts) {
    const all = cloud.concat(front);
    if (all.length === 0) {
      container.textContent = "No complete trial yet.";
      container.classList.add("muted");
      return;
    }
    container.classList.remove("muted");
    const [xMin, xMax] = extent(all.map(p => p.cost_usd));
    const [yMin, yMax] = extent(all.map(p => p.objective));
    const { svg, sx, sy } = frame(container, Object.assign({ xMin: Math.max(0, xMin), xMax, yMin, yMax }, opts));
    for (const p of cloud) {
      const c = svgEl("circle", { cx: sx(p.cost_usd), cy: sy(p.objective), r: 2.5, fill: "#98a2b3",
        "fill-opacity": 0.6, "data-trial": p.trial_id });
      svg.appendChild(c);
    }
    let d = "";
    front.forEach((p, i) => { d += (i ? "L" : "M") + sx(p.cost_usd).toFixed(1) + " " + sy(p.objective).toFixed(1) + " "; });
    if (d) svg.appendChild(svgEl("path", { d, fill: "none", stroke: "#e36b2d", "stroke-width": 1.8 }));
    for (const p of front) {
      const c = svgEl("circle", { cx: sx(p.cost_usd), cy: sy(p.objective), r: 4.5, fill: "#e36b2d",
        class: "front-point", "data-trial": p.trial_id });
      const t = svgEl("title", {});
      t.textContent = `trial ${p.trial_id}: ${fmt(p.objective)} for $${fmt(p.cost_usd)}`;
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

  return { lines, scatter, fmt, PALETTE };
})();
