// The dashboard page: the sweeps list and a sweep's page, drawn from the read API.
// Data from the record (sweep names, parameter values, labels) only ever enters the page as text (textContent or
// text nodes), never as markup.
"use strict";

const STATES = ["assigned", "running", "complete", "pruned", "failed", "diverged", "lost", "cancelled"];

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null) continue;
    if (k === "className") e.className = v;
    else if (k === "on") for (const [ev, fn] of Object.entries(v)) e.addEventListener(ev, fn);
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return e;
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await r.json(); } catch (e) { /* not JSON */ }
  if (!r.ok) throw new Error((body && body.detail) || (r.status + " " + r.statusText));
  return body;
}

function num(v, digits) {
  if (v == null) return "–";
  const a = Math.abs(v);
  if (digits != null) return v.toFixed(digits);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return (+v.toPrecision(4)).toString();
}
function money(v) { return v == null ? "–" : "$" + (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(4)); }
function hours(v) { return v == null ? "–" : (v >= 10 ? v.toFixed(1) : v.toFixed(3)); }
function when(ms) { return ms ? new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "–"; }
// "ner/f1 (maximize)", or every objective of a sweep that trades several off
function objectives(s) { return s.objectives.map(o => o.name + " (" + o.goal + ")").join(" · "); }
function stateBadge(s) { return el("span", { className: "state " + (STATES.includes(s) || ["finished", "paused"].includes(s) ? s : "") }, s); }
function showParam(v) {
  if (v == null) return "";
  if (Array.isArray(v)) return "[" + v.map(showParam).join(", ") + "]";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

const main = () => document.getElementById("main");
let stream = null;
let refreshTimer = null;

function listen(path, onChange) {
  if (stream) { stream.close(); stream = null; }
  const dot = document.getElementById("live");
  if (!window.EventSource) return;
  stream = new EventSource(path);
  stream.addEventListener("hello", () => dot.classList.add("on"));
  stream.addEventListener("change", () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(onChange, 200);
  });
  stream.onerror = () => dot.classList.remove("on");
}

function navigate(path) {
  history.pushState(null, "", path);
  route();
}

function link(path, text) {
  return el("a", { href: path, on: { click: e => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault(); navigate(path);
  } } }, text);
}

function route() {
  const m = location.pathname.match(/^\/sweeps\/([^/]+)$/);
  if (m) SweepPage.open(decodeURIComponent(m[1]));
  else SweepsPage.open();
}
window.addEventListener("popstate", route);
document.addEventListener("DOMContentLoaded", route);
// A page left for another keeps its event stream open in the back-forward cache; a browser allows 6 connections per
// host, so six such pages would leave none for the next one's requests. Close it on leaving, open it on return.
window.addEventListener("pagehide", () => { if (stream) { stream.close(); stream = null; } });
window.addEventListener("pageshow", e => { if (e.persisted) route(); });

// ---- the sweeps list ------------------------------------------------------------------------------------------

const SweepsPage = {
  async open() {
    document.title = "Sweeps · LoRA Sweep";
    listen("/api/live", () => this.render());
    await this.render();
  },
  async render() {
    let sweeps;
    try { sweeps = await api("/api/sweeps"); } catch (e) {
      main().replaceChildren(el("p", { className: "error" }, "Could not load the sweeps: " + e.message));
      return;
    }
    const rows = sweeps.map(s => el("tr", { "data-sweep": s.sweep_id },
      el("td", {}, link("/sweeps/" + encodeURIComponent(s.sweep_id), s.name || s.sweep_id)),
      el("td", {}, stateBadge(s.state)),
      el("td", { className: "num" }, String(s.trials)),
      el("td", { className: "small" }, Object.entries(s.trials_by_state).map(([k, v]) => v + " " + k).join(" · ")),
      el("td", { className: "num" }, s.best == null ? "–" : num(s.best)),
      el("td", { className: "small muted" }, objectives(s)),
      el("td", { className: "num" }, hours(s.gpu_hours)),
      el("td", { className: "num" }, money(s.cost_usd) + (s.cost_estimated ? "*" : "")),
      el("td", {}, when(s.created_at))));
    main().replaceChildren(
      el("h1", {}, "Sweeps"),
      el("div", { className: "panel" },
        sweeps.length === 0 ? el("p", { className: "muted" }, "No sweep on record yet.") :
        el("div", { className: "scroll" }, el("table", { id: "sweeps" },
          el("thead", {}, el("tr", {}, ["Name", "State", "Trials", "By state", "Best", "Objective", "GPU-h",
            "Spend", "Started"].map(h => el("th", {}, h)))),
          el("tbody", {}, rows))),
        el("p", { className: "small muted" }, "* partly estimated from device time for attempts without a reported cost. ",
          el("a", { href: "/api/costs.csv", download: "sweep-costs.csv" }, "Download spend per sweep (CSV)"))));
  },
};

// ---- one sweep ------------------------------------------------------------------------------------------------

const SweepPage = {
  state: null,

  // The ranking is what the page is opened for: it is asked for first and drawn as soon as it is in; the sweep's
  // facts, the filters' value lists and the panels below are asked for after it, so their heavier queries do not
  // queue ahead of it in ClickHouse.
  async open(id) {
    this.state = { id, sort: null, order: null, offset: 0, limit: 50, states: new Set(), filters: {},
      selected: null, baselineParam: null, parameters: [], summary: null };
    main().replaceChildren(el("p", { className: "muted" }, "Loading…"));
    const ranking = api(this.url("/ranking?" + this.rankingQuery()));
    // ClickHouse runs one query at a time here: the facts (a scan of every trial's spend) wait for the ranking
    const facts = ranking.then(() => api(this.url("")));
    facts.catch(() => { /* an unknown sweep shows through the ranking's answer */ });
    try { await ranking; } catch (e) {
      main().replaceChildren(el("p", { className: "error" }, e.message), link("/", "All sweeps"));
      return;
    }
    this.layout();
    listen(this.url("/live"), () => this.refresh());
    await this.loadRanking(ranking);
    try {
      const view = await facts;
      this.view = view;
      this.showName(view.summary);
      this.showFacts(view);
    } catch (e) {
      document.getElementById("facts").replaceChildren(el("p", { className: "error" }, e.message));
    }
    this.loadParameters();
    await this.loadPanels();
  },

  async loadParameters() {
    try { this.state.parameters = await api(this.url("/parameters")); } catch (e) { this.state.parameters = []; }
    this.drawFilters();
  },

  url(tail) { return "/api/sweeps/" + encodeURIComponent(this.state.id) + tail; },

  showName(summary) {
    const name = summary ? summary.name : this.state.id;
    document.title = name + " · LoRA Sweep";
    document.getElementById("sweep-name").textContent = name;
  },

  layout() {
    this.view = { parameters: [] };
    document.title = this.state.id + " · LoRA Sweep";
    main().replaceChildren(
      el("p", { className: "small" }, link("/", "← All sweeps")),
      el("h1", { id: "sweep-name" }, this.state.id),
      el("div", { id: "facts", className: "facts" }),
      el("section", { className: "panel", id: "ranking-panel" },
        el("h2", {}, "Ranking"),
        el("div", { id: "filters", className: "filters" }),
        el("div", { className: "scroll" }, el("table", { id: "ranking" })),
        el("div", { id: "pager", className: "pager" })),
      el("section", { className: "panel", id: "parallel-panel" },
        el("h2", {}, "Parallel coordinates"), el("div", { id: "parallel", className: "wide" })),
      el("section", { className: "panel", id: "importance-panel" },
        el("h2", {}, "Parameter importance (PED-ANOVA)"), el("div", { id: "importance" })),
      el("div", { className: "grid2" },
        el("section", { className: "panel" }, el("h2", {}, "Learning curves: eval loss of this page's top 10"),
          el("div", { id: "curves" })),
        el("section", { className: "panel", id: "trial-panel" }, el("h2", { id: "trial-title" }, "Trial"),
          el("div", { id: "trial-curves" }), el("div", { id: "diagnostics" }))),
      el("section", { className: "panel", id: "baseline-panel" },
        el("h2", {}, "Against the base model"), el("div", { id: "baseline" })),
      el("div", { className: "grid2" },
        el("section", { className: "panel" }, el("h2", {}, "Quality vs cost"), el("div", { id: "tradeoff" })),
        el("section", { className: "panel" }, el("h2", {}, "Cost report"), el("div", { id: "costs" }))));
    this.drawFilters();
  },

  async refresh() {
    await Promise.allSettled([this.loadFacts(), this.loadRanking()]);
    await this.loadPanels();
  },

  async loadPanels() {
    const jobs = [this.loadParallel(), this.loadImportance(), this.loadBaseline(), this.loadTradeOff(), this.loadCosts()];
    if (this.state.selected != null) jobs.push(this.loadTrial(this.state.selected));
    await Promise.allSettled(jobs);
  },

  async loadFacts() {
    this.showFacts(await api(this.url("")));
  },

  showFacts(view) {
    const s = view.summary;
    const facts = document.getElementById("facts");
    if (!s || !facts) return;
    const f = (k, v) => el("div", {}, el("div", { className: "k" }, k), el("div", { className: "v" }, v));
    facts.replaceChildren(
      f("State", stateBadge(s.state)), f(s.objectives.length > 1 ? "Objectives" : "Objective", objectives(s)),
      f("Best", s.best == null ? "–" : num(s.best) + (s.best_trial != null ? " (trial " + s.best_trial + ")" : "")),
      f("Trials", String(s.trials)),
      f("By state", Object.entries(s.trials_by_state).map(([k, v]) => v + " " + k).join(" · ") || "–"),
      f("GPU-hours", hours(s.gpu_hours)), f("Spend", money(s.cost_usd) + (s.cost_estimated ? "*" : "")),
      f("Started", when(s.created_at)));
  },

  // -- ranking --

  drawFilters() {
    const box = document.getElementById("filters");
    const stateSel = el("select", { id: "state-filter", "aria-label": "state", on: { change: e => {
      this.state.states = new Set(e.target.value ? [e.target.value] : []);
      this.state.offset = 0; this.loadRanking();
    } } }, el("option", { value: "" }, "any state"), STATES.map(s => el("option", { value: s }, s)));
    stateSel.value = [...this.state.states][0] || "";
    const parts = [el("label", {}, "State", stateSel)];
    for (const p of this.state.parameters) {
      if (p.more) {
        const input = el("input", { placeholder: "min..max", size: 12, "data-param": p.name, on: { change: e => {
          const v = e.target.value.trim();
          if (v) this.state.filters[p.name] = v; else delete this.state.filters[p.name];
          this.state.offset = 0; this.loadRanking();
        } } });
        if (this.state.filters[p.name]) input.value = this.state.filters[p.name];
        parts.push(el("label", {}, p.name, input));
      } else {
        const sel = el("select", { "data-param": p.name, on: { change: e => {
          if (e.target.value) this.state.filters[p.name] = e.target.value; else delete this.state.filters[p.name];
          this.state.offset = 0; this.loadRanking();
        } } }, el("option", { value: "" }, "any"),
          p.values.map(v => el("option", { value: v.json }, v.label + " (" + v.trials + ")")));
        if (this.state.filters[p.name]) sel.value = this.state.filters[p.name];
        parts.push(el("label", {}, p.name, sel));
      }
    }
    box.replaceChildren(...parts);
  },

  rankingQuery() {
    const q = new URLSearchParams();
    const s = this.state;
    if (s.sort) q.set("sort", s.sort);
    if (s.order) q.set("order", s.order);
    q.set("offset", s.offset); q.set("limit", s.limit);
    if (s.states.size) q.set("state", [...s.states].join(","));
    for (const [k, v] of Object.entries(s.filters)) q.append("param." + k, v);
    return q.toString();
  },

  async loadRanking(pending) {
    const table = document.getElementById("ranking");
    let page;
    try { page = await (pending || api(this.url("/ranking?" + this.rankingQuery()))); } catch (e) {
      table.replaceChildren(el("caption", { className: "error" }, e.message));
      return;
    }
    this.page = page;
    const params = page.parameters;
    // a sweep of several objectives: one column each (the first sorts, with the Pareto front on top)
    const more = page.objectives.slice(1);
    const cols = [["trial_id", "Trial", true], ["state", "State", false], ["objective", page.objective, true]]
      .concat(more.map(o => [null, o.name, true]))
      .concat(params.map(p => ["param." + p, p, false]))
      .concat([["gpu_hours", "GPU-h", true], ["cost_usd", "Cost", true], ["attempts", "Attempts", true]]);
    const head = el("tr", {}, cols.map(([key, label, numeric]) => {
      if (key == null) return el("th", { className: numeric ? "num" : "", scope: "col" }, label);
      const th = el("th", { className: "sortable" + (numeric ? " num" : ""), "data-sort": key, scope: "col",
        on: { click: () => this.sortBy(key) } }, label);
      if (page.sort === key) th.setAttribute("aria-sort", page.order === "asc" ? "ascending" : "descending");
      return th;
    }));
    const body = page.rows.map(r => {
      const tr = el("tr", { "data-trial": r.trial_id, className: r.trial_id === this.state.selected ? "selected" : "",
        on: { click: () => this.select(r.trial_id) } },
        el("td", { className: "num" }, String(r.trial_id)),
        el("td", {}, stateBadge(r.state)),
        el("td", { className: "num" }, r.on_front ? el("span", { className: "front", title: "on the Pareto front: "
            + "no other trial is as good in every objective" }, "front ") : null, num(r.objective),
          r.ci_low != null ? el("span", { className: "ci" }, " [" + num(r.ci_low) + ", " + num(r.ci_high) + "]") : null),
        more.map((o, i) => el("td", { className: "num" }, r.objectives.length ? num(r.objectives[i + 1]) : "–")),
        params.map(p => el("td", {}, showParam(r.params[p]))),
        el("td", { className: "num" }, hours(r.gpu_hours)),
        el("td", { className: "num" }, money(r.cost_usd) + (r.cost_estimated ? "*" : "")),
        el("td", { className: "num" }, String(r.attempts)));
      return tr;
    });
    table.replaceChildren(el("thead", {}, head), el("tbody", {}, body));
    const pager = document.getElementById("pager");
    const from = page.total === 0 ? 0 : page.offset + 1;
    const to = Math.min(page.total, page.offset + page.rows.length);
    pager.replaceChildren(
      el("button", { id: "prev", on: { click: () => { this.state.offset = Math.max(0, page.offset - page.limit); this.loadRanking(); } } }, "← Previous"),
      el("span", { id: "range", className: "muted" }, `${from.toLocaleString()}–${to.toLocaleString()} of ${page.total.toLocaleString()}`),
      el("button", { id: "next", on: { click: () => { this.state.offset = page.offset + page.limit; this.loadRanking(); } } }, "Next →"));
    document.getElementById("prev").disabled = page.offset === 0;
    document.getElementById("next").disabled = to >= page.total;
    this.loadCurves(page.rows.slice(0, 10));
    if (this.state.selected == null && page.rows.length) this.select(page.rows[0].trial_id);
  },

  sortBy(key) {
    const s = this.state;
    const current = this.page ? this.page.sort : null;
    if (current === key) s.order = this.page.order === "asc" ? "desc" : "asc";
    else { s.order = key === "objective" ? null : "asc"; }
    s.sort = key; s.offset = 0;
    this.loadRanking();
  },

  select(trialId) {
    this.state.selected = trialId;
    document.querySelectorAll("#ranking tbody tr").forEach(tr =>
      tr.classList.toggle("selected", Number(tr.getAttribute("data-trial")) === trialId));
    this.loadTrial(trialId);
  },

  // -- curves and diagnostics --

  async loadCurves(rows) {
    const box = document.getElementById("curves");
    if (!rows.length) { box.textContent = "No trials on this page."; return; }
    let data;
    try { data = await api(this.url("/curves?metric=eval_loss&points=100&trials=" + rows.map(r => r.trial_id).join(","))); }
    catch (e) { box.textContent = e.message; return; }
    const series = data.trials.map(t => ({
      name: "trial " + t.series.trial_id + (t.state !== "complete" ? " (" + t.state + ")" : ""),
      steps: t.series.steps, values: t.series.values,
      dashed: t.state === "pruned", marker: ["pruned", "diverged", "failed", "lost", "cancelled"].includes(t.state),
    }));
    Charts.lines(box, series, { xLabel: "step", yLabel: "eval loss", title: "eval loss by step" });
    box.appendChild(el("p", { className: "small muted" }, "Dashed with ✕: pruned or stopped trials."));
  },

  async loadTrial(trialId) {
    const title = document.getElementById("trial-title");
    const curves = document.getElementById("trial-curves");
    const diag = document.getElementById("diagnostics");
    if (!title) return;
    title.textContent = "Trial " + trialId;
    try {
      const [c, d] = await Promise.all([api(this.url("/trials/" + trialId + "/curves?points=300")),
        api(this.url("/trials/" + trialId + "/diagnostics"))]);
      if (this.state.selected !== trialId) return;
      title.textContent = "Trial " + trialId + " (attempt " + c.attempt + ", " + c.state + ")";
      Charts.lines(curves, c.series.map((s, i) => ({ name: s.name.replace("_", " "), steps: s.steps, values: s.values,
        color: i === 0 ? "#2d5be3" : "#e36b2d" })), { xLabel: "step", yLabel: "loss", title: "train and eval loss" });
      const items = [];
      items.push(el("p", { className: "small muted" }, Object.entries(d.params).map(([k, v]) => k + "=" + showParam(v)).join(", ")));
      if (d.findings.length === 0) items.push(el("p", { className: "ok small" }, "Nothing unusual in the curves."));
      for (const f of d.findings) items.push(el("div", { className: "finding " + f.kind }, f.message));
      for (const g of d.gates) {
        items.push(el("div", { className: "small " + (g.status === "fail" ? "bad" : g.status === "pass" ? "ok" : "muted") },
          "Regression gate " + g.task + "/" + g.metric + ": " + g.status +
          (g.drop != null ? " (drop " + num(g.drop) + ", allowed " + num(g.max_drop) + ")" : "")));
      }
      diag.replaceChildren(...items);
    } catch (e) {
      diag.replaceChildren(el("p", { className: "error" }, e.message));
    }
  },

  // -- parallel coordinates and importance --

  async loadParallel() {
    const box = document.getElementById("parallel");
    let c;
    try { c = await api(this.url("/parallel-coordinates?limit=1000")); } catch (e) {
      box.replaceChildren(el("p", { className: "error" }, e.message));
      return;
    }
    Charts.parallel(box, c, id => this.select(id));
    const sampled = c.trials.length < c.total;
    box.appendChild(el("p", { className: "small muted", id: "parallel-note" }, sampled
      ? `${c.trials.length.toLocaleString()} of ${c.total.toLocaleString()} trials: the best ${c.best.toLocaleString()} complete ones and a fixed sample of the rest. Click a line to open its trial.`
      : `All ${c.total.toLocaleString()} trials. Trials that did not complete end on the objective axis's "no value" mark. Click a line to open its trial.`));
  },

  async loadImportance() {
    const box = document.getElementById("importance");
    const q = this.state.importanceQuantile || 0.1;
    let r;
    try { r = await api(this.url("/importance?quantile=" + q)); } catch (e) {
      box.replaceChildren(el("p", { className: "error" }, e.message));
      return;
    }
    const choose = el("select", { id: "importance-quantile", "aria-label": "good set", on: { change: e => {
      this.state.importanceQuantile = Number(e.target.value); this.loadImportance();
    } } }, [0.05, 0.1, 0.25, 0.5].map(v => el("option", { value: v }, "top " + Math.round(v * 100) + "%")));
    choose.value = String(q);
    const chart = el("div", { id: "importance-bars" });
    const better = r.goal === "maximize" ? "at least " : "at most ";
    box.replaceChildren(
      el("div", { className: "filters" }, el("label", {}, "What it takes to reach the", choose),
        el("span", { className: "small muted" }, r.top_trials ? r.top_trials.toLocaleString() + " of " +
          r.trials.toLocaleString() + " complete trials reach " + r.objective + " " + better + num(r.cutoff) : "")),
      chart,
      el("p", { className: "small muted" }, "PED-ANOVA (as Optuna's PedAnovaImportanceEvaluator): how differently each " +
        "parameter is spread among the best trials than among all complete trials (Pearson divergence of their Parzen " +
        "densities), as shares that sum to 100%."),
      ...r.notes.map(n => el("p", { className: "small note" }, n)));
    if (r.importances.length) Charts.bars(chart, r.importances);
    else chart.replaceChildren(el("p", { className: "muted" }, "Not rated yet."));
  },

  // -- baseline table --

  async loadBaseline() {
    const box = document.getElementById("baseline");
    const q = this.state.baselineParam ? "?parameter=" + encodeURIComponent(this.state.baselineParam) : "";
    let t;
    try { t = await api(this.url("/baseline-table" + q)); } catch (e) {
      box.replaceChildren(el("p", { className: "error" }, e.message));
      return;
    }
    const choose = el("select", { id: "baseline-param", on: { change: e => {
      this.state.baselineParam = e.target.value; this.loadBaseline();
    } } }, this.view.parameters.map(p => el("option", { value: p }, p)));
    if (t.parameter) choose.value = t.parameter;
    // how many shots a column's prompts held and how long they were: shown for the base model, and for any column
    // that ran fewer shots than asked (its prompts would not fit; none was cut)
    const prompts = c => c.shots_used == null || (c.kind !== "baseline" && c.shots_used >= c.shots_asked) ? null
      : el("div", { className: "ci" }, (c.shots_used < c.shots_asked ? c.shots_used + " of " + c.shots_asked + " shots"
        : c.shots_used + "-shot") + (c.prompt_tokens_max != null ? ", prompts \u2264 " + c.prompt_tokens_max
        + (c.context_tokens != null ? " of " + c.context_tokens : "") + " tokens" : ""));
    const head = el("tr", {}, el("th", {}, "Metric"), t.columns.map(c => el("th", { className: "num" }, c.title,
      c.trial_id != null ? el("div", { className: "ci" }, "trial " + c.trial_id) : null, prompts(c))));
    const rows = t.rows.map(r => el("tr", {},
      el("td", {}, r.metric + (r.label ? " · " + r.label : " (overall)")),
      r.cells.map(c => {
        if (c.value == null) return el("td", { className: "num muted" }, "–");
        const d = c.versus_base;
        const cls = d && d.significant ? (d.gain ? "sig-gain" : "sig-loss") : "";
        return el("td", { className: "num " + cls }, num(c.value, 3),
          c.low != null ? el("div", { className: "ci" }, "[" + num(c.low, 3) + ", " + num(c.high, 3) + "]") : null,
          d && d.p != null ? el("div", { className: "ci" }, "vs base " + (d.p < 0.001 ? "p < 0.001" : "p = " + num(d.p, 3))) : null);
      })));
    box.replaceChildren(
      el("div", { className: "filters" }, el("label", {}, "Columns: best trial per value of", choose),
        el("span", { className: "small muted" }, "task " + t.task + ", " + t.metric + ", base model " + (t.base_model || "?"))),
      el("div", { className: "scroll" }, el("table", { id: "baseline-table" }, el("thead", {}, head), el("tbody", {}, rows))),
      el("ul", { className: "verdicts", id: "verdicts" }, t.verdicts.map(v => el("li", {}, v))),
      ...t.notes.map(n => el("p", { className: "small muted" }, n)),
      el("p", { className: "small muted" }, "Green/red: the difference from the base model's column is significant. Interval: " + t.method + "."));
  },

  async loadTradeOff() {
    const box = document.getElementById("tradeoff");
    try {
      const c = await api(this.url("/trade-off"));
      const spend = c.x_axis === "cost_usd";
      Charts.scatter(box, c.cloud, c.front, { xLabel: spend ? "cost (USD)" : c.x_axis, yLabel: c.objective,
        title: spend ? "quality vs cost" : c.objective + " vs " + c.x_axis });
      const better = g => (g === "maximize" ? "higher" : "lower");
      box.appendChild(el("p", { className: "small muted" }, c.total + " complete trials; " + c.front.length +
        (spend ? " on the front (" + better(c.goal) + " is better)."
          : " on the front the sampler works on (" + c.objective + ": " + better(c.goal) + " is better; " +
            c.x_axis + ": " + better(c.x_goal) + " is better).")));
    } catch (e) { box.textContent = e.message; }
  },

  async loadCosts() {
    const box = document.getElementById("costs");
    let r;
    try { r = await api(this.url("/cost-report")); } catch (e) { box.textContent = e.message; return; }
    const t = r.totals;
    const g = r.gain;
    const devices = el("table", { id: "devices" }, el("thead", {}, el("tr", {},
      ["Device type", "Trials", "GPU-h", "Cost", "USD / GPU-h"].map(h => el("th", {}, h)))),
      el("tbody", {}, r.devices.map(d => el("tr", {}, el("td", {}, d.device_type || "(none)"),
        el("td", { className: "num" }, String(d.trials)), el("td", { className: "num" }, hours(d.gpu_hours)),
        el("td", { className: "num" }, money(d.cost_usd)), el("td", { className: "num" }, money(d.usd_per_gpu_hour))))));
    box.replaceChildren(
      el("div", { className: "facts" },
        el("div", {}, el("div", { className: "k" }, "Spend"), el("div", { className: "v", id: "spend" }, money(t.cost_usd))),
        el("div", {}, el("div", { className: "k" }, "GPU-hours"), el("div", { className: "v" }, hours(t.gpu_hours))),
        el("div", {}, el("div", { className: "k" }, "Per complete trial"), el("div", { className: "v" }, money(t.cost_per_complete_trial_usd))),
        el("div", {}, el("div", { className: "k" }, "Per point over baseline"), el("div", { className: "v" }, money(g.cost_per_point_usd)))),
      el("p", { className: "small" }, g.points_gained != null
        ? "Best " + num(g.best) + " vs base model " + num(g.baseline) + ": " + num(g.points_gained) + " points (a point is " + g.point + ")."
        : (g.note || "")),
      devices,
      el("p", { className: "small" },
        el("a", { href: this.url("/cost-report.csv?table=trials"), download: "cost-report-trials.csv", id: "csv-trials" }, "Every trial (CSV)"),
        " · ",
        el("a", { href: this.url("/cost-report.csv?table=devices"), download: "cost-report-devices.csv" }, "Per device type (CSV)")));
  },
};
