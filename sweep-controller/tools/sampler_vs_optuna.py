#!/usr/bin/env python3
"""Compares the sample quality of our TPE sampler with Optuna's own TPESampler on the same problems.

Not part of the build: a check to run by hand after changing io.lorasweep.controller.sampler.tpe. Needs Optuna
(5.x) and numpy; scipy is not needed. Never reaches the network.

    python3 sweep-controller/tools/sampler_vs_optuna.py [--lorasweep ./lorasweep] [--seeds 20] [--trials 100]
        [--problems branin hartmann6 logrosenbrock logrosenbrock10 lora] [--modes independent multivariate]
        [--workers 1 4 8] [--first-seed 0]

The problems are SamplerQualityBenchmark's (same functions, same domains) plus log-space Rosenbrock in 10
dimensions, and two with two objectives (--problems zdt1 loracost): ZDT1 in 6 dimensions and a LoRA-like
quality-against-cost space, where both samplers get both goals and the record is the hypervolume of the trials so far
against a stated reference point (Optuna's multi-objective TPE: TPESampler with a study of two directions). For each seed, each problem, each mode (independent, multivariate) and each number of workers, it runs
`lorasweep sampler` as one subprocess, driven over JSON lines, and Optuna's TPESampler(seed=s) through ask/tell, and
records the best value after 10, 25, 50 and 100 trials. It prints a Markdown table of the means over seeds, and per
row a two-sided Mann-Whitney U p-value of ours against Optuna on the best value at the last checkpoint. Both
minimise.

With W > 1 workers the runs simulate W asynchronous workers: the result of trial i is told just before trial i + W
is asked (so W - 1 trials are running at every ask after the first W), and both samplers use the constant liar
(ours `--constant-liar`, Optuna `constant_liar=True`). With one worker each trial is told before the next ask.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import warnings

CHECKPOINTS = [10, 25, 50, 100]
MODES = {"independent": False, "multivariate": True}


# --- the problems, as in SamplerQualityBenchmark -------------------------------------------------------------------
# Each: (title, parameters block in the sweep spec's syntax, objective over a params dict, its minimum).
# Optuna's distributions are derived from the same block (see optuna_space), so the domains cannot drift apart.

def branin(p):
    x1, x2 = p["x1"], p["x2"]
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


H_ALPHA = [1.0, 1.2, 3.0, 3.2]
H_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
H_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
       [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]


def hartmann6(p):
    return -sum(H_ALPHA[i] * math.exp(-sum(H_A[i][j] * (p[f"x{j}"] - H_P[i][j] * 1e-4) ** 2 for j in range(6)))
                for i in range(4))


def log_rosenbrock(p):
    # Rosenbrock over log10 of log-uniform parameters in [0.01, 100]: the optimum is at x = 10 everywhere
    u = [math.log10(p[f"x{j}"]) for j in range(len(p))]
    return sum(100 * (u[j + 1] - u[j] ** 2) ** 2 + (1 - u[j]) ** 2 for j in range(len(u) - 1))


def log_uniforms(d):
    return {f"x{j}": {"distribution": "log_uniform_values", "min": 1e-2, "max": 1e2} for j in range(d)}


def lora_loss(p):
    # LoraSpaces.evalLoss: optimum near rank 16, alpha 32, all-linear, lr 2e-4, dropout 0.05, DoRA on
    rank = math.log2(p["rank"] / 16)
    alpha = math.log2(p["alpha"] / 32)
    lr = math.log10(p["learning_rate"] / 2e-4)
    dropout = (p["dropout"] - 0.05) / 0.05
    modules = {"all-linear": 0.0, "q_proj,k_proj,v_proj,o_proj": 0.08}.get(joined(p["target_modules"]), 0.15)
    dora = 0.0 if p["use_dora"] is True else 0.03
    return 1.2 + 0.04 * rank ** 2 + 0.03 * alpha ** 2 + 0.5 * lr ** 2 + 0.02 * dropout ** 2 + modules + dora


def lora_loss_moved(p):
    # the same landscape with its optimum moved a little, as on a similar task: lr 3e-4, alpha 64, dropout 0.08
    moved = dict(p)
    moved["learning_rate"] = p["learning_rate"] * 2e-4 / 3e-4
    moved["alpha"] = p["alpha"] / 2
    moved["dropout"] = p["dropout"] - 0.03
    return lora_loss(moved)


def warm_start_experiment(lorasweep, seeds, space_file, dists, checkpoints):
    """Per seed: an earlier sweep of 100 trials on the LoRA-like problem, then, on the problem with its optimum
    moved, a warm-started sweep (the earlier 100 trials first) and a cold one, for ours and for Optuna (its warm
    start: study.add_trial of the earlier trials). Returns {row: [best values at the checkpoints, per seed]}."""
    rows = {"ours, warm start": [], "ours, cold": [], "Optuna, warm start": [], "Optuna, cold": []}
    for s in seeds:
        earlier = []
        run_ours(lorasweep, space_file, lora_loss, s + 1000, 100, None, 1, checkpoints, record=earlier)
        rows["ours, warm start"].append(run_ours(lorasweep, space_file, lora_loss_moved, s, 100, None, 1,
                                                 checkpoints, priors=earlier))
        rows["ours, cold"].append(run_ours(lorasweep, space_file, lora_loss_moved, s, 100, None, 1, checkpoints))
        earlier = []
        run_optuna(dists, lora_loss, s + 1000, 100, None, 1, checkpoints, record=earlier)
        rows["Optuna, warm start"].append(run_optuna(dists, lora_loss_moved, s, 100, None, 1, checkpoints,
                                                     priors=earlier))
        rows["Optuna, cold"].append(run_optuna(dists, lora_loss_moved, s, 100, None, 1, checkpoints))
        print(f"warm start, seed {s}: done", file=sys.stderr, flush=True)
    return rows


def warm_start_table(rows, checkpoints, seeds_label, optuna_version):
    def median(xs):
        xs = sorted(xs)
        n = len(xs)
        return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2
    lines = ["| sweep on the moved problem | " + " | ".join(f"best@{c}" for c in checkpoints) + " |",
             "| --- | " + " | ".join("---" for _ in checkpoints) + " |"]
    for label, runs in rows.items():
        label = label.replace("Optuna", f"Optuna {optuna_version}")
        lines.append(f"| {label} | " + " | ".join(fmt(median([r[i] for r in runs])) for i in range(len(checkpoints)))
                     + " |")
    at50 = checkpoints.index(50)
    warm50 = median([r[at50] for r in rows["ours, warm start"]])
    cold100 = median([r[-1] for r in rows["ours, cold"]])
    p = mann_whitney_p([r[at50] for r in rows["ours, warm start"]], [r[-1] for r in rows["ours, cold"]])
    return (f"Medians over {seeds_label} of the best value (minimising; the moved problem's minimum is 1.2) after n "
            "trials of the new sweep; the warm-started sweeps first read 100 trials of an earlier sweep on the "
            "unmoved problem.\n\n" + "\n".join(lines)
            + f"\n\nOurs warm-started, best@50: {fmt(warm50)}; ours cold, best@100: {fmt(cold100)} "
            f"({'warm@50 at least as good' if warm50 <= cold100 else 'warm@50 worse'}; two-sided Mann-Whitney "
            f"p = {p:.3f}).")


def joined(value):
    # the spec writes a module list as a YAML list; Optuna's choices must be scalars, so it gets "a,b"
    return ",".join(value) if isinstance(value, list) else value


def uniform(lo, hi):
    return {"distribution": "uniform", "min": lo, "max": hi}


PROBLEMS = {
    "branin": ("Branin (min 0.397887)", {"x1": uniform(-5, 10), "x2": uniform(0, 15)}, branin, 0.397887),
    "hartmann6": ("Hartmann-6 (min −3.32237)", {f"x{j}": uniform(0, 1) for j in range(6)}, hartmann6, -3.32237),
    "logrosenbrock": ("log-space Rosenbrock, 3-D (min 0)", log_uniforms(3), log_rosenbrock, 0.0),
    "logrosenbrock10": ("log-space Rosenbrock, 10-D (min 0)", log_uniforms(10), log_rosenbrock, 0.0),
    "lora": ("mixed LoRA-like space, 6 parameters (min 1.2)", {
        "rank": {"values": [4, 8, 16, 32, 64]},
        "alpha": {"values": [8, 16, 32, 64, 128]},
        "target_modules": {"values": [["q_proj", "v_proj"], ["q_proj", "k_proj", "v_proj", "o_proj"], "all-linear"]},
        "learning_rate": {"distribution": "log_uniform_values", "min": 1e-5, "max": 1e-3},
        "dropout": uniform(0.0, 0.2),
        "use_dora": {"values": [False, True]},
    }, lora_loss, 1.2),
}


# --- two objectives: the hypervolume of the front found -----------------------------------------------------------
# Each: (title, parameters block, objectives over a params dict, their directions, the hypervolume's reference
# point in loss space: every objective minimised, a maximised one negated).

def zdt1(p):
    x = [p[f"x{j}"] for j in range(6)]
    g = 1 + 9 * sum(x[1:]) / (len(x) - 1)
    return x[0], g * (1 - math.sqrt(x[0] / g))


LORA_MODULES = {"q_proj,v_proj": (0.08, 1.0), "q_proj,k_proj,v_proj,o_proj": (0.04, 1.3), "all-linear": (0.0, 1.8)}


def lora_quality_cost(p):
    # NER F1 rises with rank, with more target modules and with DoRA, and peaks at lr 2e-4 and dropout 0.05;
    # GPU-hours rise with rank, modules and DoRA, and do not depend on lr or dropout
    gap, modules_cost = LORA_MODULES[joined(p["target_modules"])]
    lr = math.log10(p["learning_rate"] / 2e-4)
    dropout = (p["dropout"] - 0.05) / 0.05
    f1 = 0.9 - 0.1 * math.log2(64 / p["rank"]) / 4 - gap - (0.0 if p["use_dora"] is True else 0.02) \
        - 0.5 * lr ** 2 - 0.02 * dropout ** 2
    gpu_hours = 0.5 * (1 + p["rank"] / 32) * modules_cost * (1.2 if p["use_dora"] is True else 1.0)
    return max(f1, 0.0), gpu_hours


MO_PROBLEMS = {
    "zdt1": ("ZDT1, 6-D, both minimised (reference point (1.1, 11); best 11.7667)",
             {f"x{j}": uniform(0, 1) for j in range(6)}, zdt1, ["minimize", "minimize"], (1.1, 11.0)),
    "loracost": ("LoRA-like quality against cost: NER F1 maximised, GPU-hours minimised (reference point F1 0, "
                 "3.5 GPU-hours)", {
                     "rank": {"values": [4, 8, 16, 32, 64]},
                     "target_modules": {"values": [["q_proj", "v_proj"], ["q_proj", "k_proj", "v_proj", "o_proj"],
                                                   "all-linear"]},
                     "learning_rate": {"distribution": "log_uniform_values", "min": 1e-5, "max": 1e-3},
                     "dropout": uniform(0.0, 0.2),
                     "use_dora": {"values": [False, True]},
                 }, lora_quality_cost, ["maximize", "minimize"], (0.0, 3.5)),
}


def as_losses(values, directions):
    return [v if d == "minimize" else -v for v, d in zip(values, directions)]


def hypervolume_2d(points, reference):
    """The area dominated by loss vectors up to the reference point (both minimised)."""
    inside = sorted(p for p in points if p[0] < reference[0] and p[1] < reference[1])
    area, lowest = 0.0, reference[1]
    for x, y in inside:
        if y < lowest:
            area += (reference[0] - x) * (lowest - y)
            lowest = y
    return area


def hypervolume_so_far(values, directions, reference, checkpoints):
    losses = [as_losses(v, directions) for v in values]
    return [hypervolume_2d(losses[:c], reference) for c in checkpoints]


def optuna_space(parameters):
    """The spec's parameters block as Optuna distributions (the kinds SearchSpace.fromSpec maps them to)."""
    from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
    out = {}
    for name, p in parameters.items():
        if "values" in p:
            out[name] = CategoricalDistribution([joined(v) for v in p["values"]])
            continue
        kind = p["distribution"]
        log = "log" in kind
        if kind == "int_uniform":
            out[name] = IntDistribution(int(p["min"]), int(p["max"]), log=log)
        else:
            out[name] = FloatDistribution(p["min"], p["max"], log=log, step=p.get("q"))
    return out


# --- the two samplers ---------------------------------------------------------------------------------------------

def best_so_far(values, checkpoints):
    best, out = math.inf, []
    for v in values:
        best = min(best, v)
        out.append(best)
    return [out[c - 1] for c in checkpoints]


def run_ours(lorasweep, space_file, objective, seed, trials, multivariate, workers, checkpoints, directions=None,
             priors=None, record=None):
    """Best value (one objective) or hypervolume (with directions) after each checkpoint. priors: (params, value)
    of an earlier sweep's trials, told first (a warm start); record: a list that receives (params, value) of every
    trial run here."""
    cmd = [lorasweep, "sampler", "--space", space_file, "--sampler", "tpe", "--seed", str(seed)]
    for d in directions or ["minimize"]:
        cmd += ["--goal", d]
    if multivariate is not None:
        cmd.append("--multivariate" if multivariate else "--no-multivariate")
    if workers > 1:
        cmd.append("--constant-liar")
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def call(request):
        proc.stdin.write(json.dumps(request) + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"lorasweep sampler ended early (exit {proc.wait()})")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"lorasweep sampler: {answer['error']} (request {request})")
        return answer

    def ask():
        asked = call({"op": "ask"})
        return asked["trial"], asked["params"]

    def tell(trial, value):
        call({"op": "tell", "trial": trial, "values" if directions else "value": value})

    try:
        for params, value in priors or []:
            call({"op": "prior", "params": params, "value": value})
        values = run_schedule(ask, tell, objective, trials, workers, record)
        if directions:
            return hypervolume_so_far(values, directions, MO_REFERENCE[id(objective)], checkpoints)
        return best_so_far(values, checkpoints)
    finally:
        proc.stdin.close()
        proc.wait()


def run_optuna(dists, objective, seed, trials, multivariate, workers, checkpoints, directions=None, priors=None,
               record=None):
    import optuna
    # multivariate is passed when a mode is compared: Optuna 5 defaults to multivariate=True for one objective and
    # to False for several; its constant_liar defaults to True and only matters when trials run side by side
    options = {} if multivariate is None else {"multivariate": multivariate}
    sampler = optuna.samplers.TPESampler(seed=seed, constant_liar=workers > 1, **options)
    if directions:
        study = optuna.create_study(directions=directions, sampler=sampler)
    else:
        study = optuna.create_study(direction="minimize", sampler=sampler)

    def ask():
        trial = study.ask(dists)
        return trial, trial.params

    def tell(trial, value):
        study.tell(trial, list(value) if directions else value)

    for params, value in priors or []:
        # Optuna's way to warm-start a study: the earlier trials added as its own finished ones
        study.add_trial(optuna.trial.create_trial(params=params, distributions=dists, value=value))
    values = run_schedule(ask, tell, objective, trials, workers, record)
    if directions:
        return hypervolume_so_far(values, directions, MO_REFERENCE[id(objective)], checkpoints)
    return best_so_far(values, checkpoints)


MO_REFERENCE = {id(objective): reference for _, _, objective, _, reference in MO_PROBLEMS.values()}


def run_schedule(ask, tell, objective, trials, workers, record=None):
    """Asks `trials` trials; the result of trial i is told just before trial i + workers is asked (the rest at the
    end). Returns the values in trial order; appends (params, value) to record if given."""
    running, values = [], []
    for _ in range(trials):
        if len(running) == workers:
            trial, value = running.pop(0)
            tell(trial, value)
        trial, params = ask()
        value = objective(params)
        if record is not None:
            record.append((dict(params), value))
        running.append((trial, value))
        values.append(value)
    for trial, value in running:
        tell(trial, value)
    return values


# --- statistics ----------------------------------------------------------------------------------------------------

def mann_whitney_p(x, y):
    """Two-sided p-value of the Mann-Whitney U test (unpaired: our seeds and Optuna's drive different random
    streams). Exact without ties, since 20 + 20 is cheap to enumerate and the normal approximation is coarse in the
    tails; with ties, the tie-corrected normal approximation with continuity correction. Written here because the
    venv this was run in has no scipy."""
    n1, n2 = len(x), len(y)
    pooled = sorted((v, i) for i, v in enumerate(list(x) + list(y)))
    ranks = [0.0] * (n1 + n2)
    i, ties = 0, []
    while i < len(pooled):
        j = i
        while j + 1 < len(pooled) and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[pooled[k][1]] = (i + j) / 2 + 1
        ties.append(j - i + 1)
        i = j + 1
    u = sum(ranks[:n1]) - n1 * (n1 + 1) / 2
    if all(t == 1 for t in ties):
        # counts[k][s]: ways to pick k of the ranks seen so far with U-contribution s; U = rank sum - k(k+1)/2
        counts = [[0] * (n1 * n2 + 1) for _ in range(n1 + 1)]
        counts[0][0] = 1
        for r in range(n1 + n2):  # rank r + 1 joins; choosing it as the k-th pick adds r - (k - 1) to U
            for k in range(min(r + 1, n1), 0, -1):
                add = r - (k - 1)
                if add > n2:
                    continue
                row, prev = counts[k], counts[k - 1]
                for s in range(n1 * n2, add - 1, -1):
                    row[s] += prev[s - add]
        total = sum(counts[n1])
        lo = min(u, n1 * n2 - u)
        tail = sum(counts[n1][: int(lo) + 1]) / total
        return min(1.0, 2 * tail)
    n = n1 + n2
    sigma = math.sqrt(n1 * n2 / 12 * ((n + 1) - sum(t ** 3 - t for t in ties) / (n * (n - 1))))
    z = (abs(u - n1 * n2 / 2) - 0.5) / sigma
    return math.erfc(max(z, 0) / math.sqrt(2))


# --- main ----------------------------------------------------------------------------------------------------------

def fmt(v):
    return f"{v:.4f}".replace("-", "−")


def table(raw):
    """The Markdown table of a raw record (see --raw): per problem and mode, our row and Optuna's."""
    checkpoints = raw["checkpoints"]
    lines = ["| problem | sampler | " + " | ".join(map(str, checkpoints))
             + f" | p at {checkpoints[-1]} (ours vs Optuna) | ours / Optuna, mean regret at {checkpoints[-1]} |",
             "| --- | --- | " + " | ".join("---" for _ in checkpoints) + " | --- | --- |"]
    mo_lines = ["| problem | sampler | " + " | ".join(map(str, checkpoints))
                + f" | p at {checkpoints[-1]} (ours vs Optuna) | ours / Optuna, mean hypervolume at {checkpoints[-1]} |",
                "| --- | --- | " + " | ".join("---" for _ in checkpoints) + " | --- | --- |"]
    for label, runs in raw["runs"].items():
        key, mode = label.split("/", 1)
        ours, theirs = runs["ours"], runs["optuna"]
        if key in MO_PROBLEMS:
            title = MO_PROBLEMS[key][0]
            last_ours, last_theirs = [r[-1] for r in ours], [r[-1] for r in theirs]
            p = mann_whitney_p(last_ours, last_theirs)
            mean_ours = [sum(r[c] for r in ours) / len(ours) for c in range(len(checkpoints))]
            mean_theirs = [sum(r[c] for r in theirs) / len(theirs) for c in range(len(checkpoints))]
            better = sorted(last_ours)[len(ours) // 2] > sorted(last_theirs)[len(theirs) // 2]
            verdict = "" if p >= 0.05 else (" (ours better)" if better else " (ours worse)")
            cell = (f"{p:.3f}" if p >= 0.001 else f"{p:.1e}") + verdict
            mo_lines.append(f"| {title} | ours, {mode} | " + " | ".join(map(fmt, mean_ours))
                            + f" | {cell} | {mean_ours[-1] / mean_theirs[-1]:.3f} |")
            mo_lines.append(f"| {title} | Optuna {raw['optuna_version']}, {mode} | "
                            + " | ".join(map(fmt, mean_theirs)) + " | | |")
            continue
        title, _, _, optimum = PROBLEMS[key]
        last_ours, last_theirs = [r[-1] for r in ours], [r[-1] for r in theirs]
        p = mann_whitney_p(last_ours, last_theirs)
        mean_ours = [sum(r[c] for r in ours) / len(ours) for c in range(len(checkpoints))]
        mean_theirs = [sum(r[c] for r in theirs) / len(theirs) for c in range(len(checkpoints))]
        # the test compares ranks, so the side it favours is the one with the lower median
        better = sorted(last_ours)[len(ours) // 2] < sorted(last_theirs)[len(theirs) // 2]
        verdict = "" if p >= 0.05 else (" (ours better)" if better else " (ours worse)")
        cell = (f"{p:.3f}" if p >= 0.001 else f"{p:.1e}") + verdict
        ratio = (mean_ours[-1] - optimum) / (mean_theirs[-1] - optimum)
        lines.append(f"| {title} | ours, {mode} | " + " | ".join(map(fmt, mean_ours)) + f" | {cell} | {ratio:.2f} |")
        lines.append(f"| {title} | Optuna {raw['optuna_version']}, {mode} | "
                     + " | ".join(map(fmt, mean_theirs)) + " | | |")
    seeds = raw["seeds"] if isinstance(raw["seeds"], str) else f"{raw['seeds']} seeds"
    out = []
    if len(lines) > 2:
        out.append(f"Means over {seeds} of the best value after n trials (minimising); p: two-sided "
                   "Mann-Whitney U on the best value at the last checkpoint; regret: mean best value minus the "
                   "minimum.\n\n" + "\n".join(lines))
    if len(mo_lines) > 2:
        out.append(f"Means over {seeds} of the hypervolume of the trials after n trials (higher is better); p: "
                   "two-sided Mann-Whitney U on the hypervolume at the last checkpoint.\n\n" + "\n".join(mo_lines))
    return "\n\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lorasweep", default="./lorasweep")
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--first-seed", type=int, default=0, help="seeds first-seed .. first-seed + seeds - 1")
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--problems", nargs="+", choices=list(PROBLEMS) + list(MO_PROBLEMS), default=list(PROBLEMS),
                    help="single-objective problems (best value) and two-objective ones (hypervolume): "
                         + ", ".join(MO_PROBLEMS))
    ap.add_argument("--modes", nargs="+", choices=list(MODES), default=list(MODES))
    ap.add_argument("--workers", nargs="+", type=int, default=[1], help="simulated asynchronous workers")
    ap.add_argument("--raw", metavar="FILE", help="also write every run's best values as JSON")
    ap.add_argument("--report", metavar="FILE", help="only print the table of a file written by --raw")
    ap.add_argument("--warm-start", action="store_true",
                    help="only the warm-start experiment on the LoRA-like space (see warm_start_experiment)")
    args = ap.parse_args()
    if args.report:
        with open(args.report) as f:
            print(table(json.load(f)))
        return 0
    checkpoints = [c for c in CHECKPOINTS if c < args.trials] + [args.trials]

    import optuna
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.simplefilter("ignore")

    seeds = range(args.first_seed, args.first_seed + args.seeds)
    if args.warm_start:
        _, parameters, _, _ = PROBLEMS["lora"]
        with tempfile.TemporaryDirectory() as tmp:
            space_file = os.path.join(tmp, "lora.json")
            with open(space_file, "w") as f:
                json.dump({"parameters": parameters}, f)
            rows = warm_start_experiment(args.lorasweep, seeds, space_file, optuna_space(parameters), checkpoints)
        if args.raw:
            with open(args.raw, "w") as f:
                json.dump({"warm_start": rows, "checkpoints": checkpoints}, f)
        print(warm_start_table(rows, checkpoints, f"{args.seeds} seeds ({seeds[0]}–{seeds[-1]})",
                               optuna.__version__))
        return 0
    raw = {"optuna_version": optuna.__version__, "seeds": f"{args.seeds} seeds ({seeds[0]}–{seeds[-1]})",
           "checkpoints": checkpoints, "runs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for key in args.problems:
            directions = None
            if key in MO_PROBLEMS:
                title, parameters, objective, directions, _ = MO_PROBLEMS[key]
            else:
                title, parameters, objective, _ = PROBLEMS[key]
            space_file = os.path.join(tmp, key + ".json")
            with open(space_file, "w") as f:
                json.dump({"parameters": parameters}, f)
            dists = optuna_space(parameters)
            for mode_key, workers in ((m, w) for w in args.workers for m in args.modes):
                multivariate = MODES[mode_key]
                mode = "TPE multivariate" if multivariate else "TPE"
                if workers > 1:
                    mode += f", {workers} workers, constant liar"
                ours = [run_ours(args.lorasweep, space_file, objective, s, args.trials, multivariate, workers,
                                 checkpoints, directions) for s in seeds]
                theirs = [run_optuna(dists, objective, s, args.trials, multivariate, workers, checkpoints,
                                     directions) for s in seeds]
                raw["runs"][f"{key}/{mode}"] = {"ours": ours, "optuna": theirs}
                print(f"{title}, {mode}: done", file=sys.stderr, flush=True)  # progress
    if args.raw:
        with open(args.raw, "w") as f:
            json.dump(raw, f)
    print(table(raw))
    return 0


if __name__ == "__main__":
    sys.exit(main())
