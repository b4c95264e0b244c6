#!/usr/bin/env python3
"""Compares the dashboard's PED-ANOVA importances with Optuna's own evaluator on the same trials.

Not part of the build: a check to run by hand after changing io.lorasweep.dashboard.importance. Needs Optuna
(`pip install optuna`, 5.x) and a running dashboard and ClickHouse (e.g. after `./lorasweep dev seed`):

    python3 dashboard/tools/ped_anova_vs_optuna.py --clickhouse http://127.0.0.1:8123 \
        --dashboard http://127.0.0.1:8090 --sweep SWEEP_ID [--quantile 0.1]

It reads the sweep's spec and its complete trials (current attempt, finite objective) from ClickHouse, gives Optuna
the spec's search space (values -> categorical, log distributions -> log scale), and prints both sets of
unnormalised importances (Optuna's evaluate(), before get_param_importances normalises) and their largest relative
difference. Parameters with a condition are not handled here.
"""
import argparse
import json
import math
import sys
import urllib.parse
import urllib.request
import warnings


def clickhouse(url, sql):
    with urllib.request.urlopen(url + "/?" + urllib.parse.urlencode({"query": sql})) as r:
        return r.read().decode()


def quote(s):
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clickhouse", required=True)
    ap.add_argument("--dashboard", required=True)
    ap.add_argument("--sweep", required=True)
    ap.add_argument("--quantile", type=float, default=0.1)
    args = ap.parse_args()

    import optuna
    from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
    from optuna.importance import PedAnovaImportanceEvaluator
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.simplefilter("ignore")

    spec = json.loads(json.loads(clickhouse(args.clickhouse, "SELECT spec_json FROM sweeps FINAL WHERE sweep_id = "
                                            + quote(args.sweep) + " FORMAT JSONEachRow"))["spec_json"])
    dists, categorical = {}, set()
    for name, p in spec["parameters"].items():
        if "values" in p:
            dists[name] = CategoricalDistribution([json.dumps(v) for v in p["values"]])
            categorical.add(name)
        elif "distribution" in p:
            log = "log" in p["distribution"]
            if p["distribution"] == "int_uniform":
                dists[name] = IntDistribution(int(p["min"]), int(p["max"]), log=log)
            else:
                dists[name] = FloatDistribution(p["min"], p["max"], log=log)
    rows = clickhouse(args.clickhouse, "SELECT params_json, objective FROM (SELECT state, params_json, objective "
                      "FROM trials FINAL WHERE sweep_id = " + quote(args.sweep) + " ORDER BY trial_id, attempt DESC "
                      "LIMIT 1 BY trial_id) WHERE state = 'complete' AND isFinite(objective) FORMAT JSONCompactEachRow")
    trials = []
    for line in rows.splitlines():
        params_json, objective = json.loads(line)
        params = json.loads(params_json)
        values = {k: json.dumps(params[k]) if k in categorical else params[k] for k in dists}
        trials.append(optuna.trial.create_trial(params=values, distributions=dists, value=objective))
    goal = spec.get("metric", {}).get("goal", "minimize")
    study = optuna.create_study(direction=goal)
    study.add_trials(trials)
    theirs = PedAnovaImportanceEvaluator(target_quantile=args.quantile).evaluate(study)

    with urllib.request.urlopen(args.dashboard + "/api/sweeps/" + urllib.parse.quote(args.sweep)
                                + "/importance?quantile=" + str(args.quantile)) as r:
        ours = {i["parameter"]: i["unnormalised"] for i in json.load(r)["importances"]}

    worst = 0.0
    print(f"{'parameter':<20} {'optuna':>14} {'dashboard':>14}")
    for name in dists:
        a, b = theirs.get(name, 0.0), ours.get(name, 0.0)
        rel = abs(a - b) / max(abs(a), 1e-300) if a or b else 0.0
        worst = max(worst, rel)
        print(f"{name:<20} {a:14.6e} {b:14.6e}")
    print(f"{len(trials)} complete trials; largest relative difference {worst:.2e}")
    return 0 if worst < 1e-6 else 1


if __name__ == "__main__":
    sys.exit(main())
