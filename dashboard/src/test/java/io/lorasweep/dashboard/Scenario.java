package io.lorasweep.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The sweeps the API tests read, written as the controller writes them. Numbers are chosen so the expected answers
 * can be worked out by hand (see the comments).
 */
final class Scenario {

    static final long T0 = 1_700_000_000_000L;
    static final String BASE = "models/base";
    static final String NER_DATA = "data/ner-eval.jsonl";
    static final String XSS = "<script>alert(1)</script>";

    final String ner = "t-ner-" + UUID.randomUUID();
    final String xss = "t-xss-" + UUID.randomUUID();
    final String diag = "t-diag-" + UUID.randomUUID();
    final String multi = "t-multi-" + UUID.randomUUID();

    static String nerSpec(String name) {
        return """
                {"name": "%s", "base_model": "%s", "dataset": {"train": "t.jsonl", "eval": "e.jsonl"},
                 "tasks": [{"name": "clinical-ner", "type": "ner", "data": "%s",
                            "labels": ["MEDICATION", "DOSAGE", "CONDITION", "PROCEDURE"]},
                           {"name": "general-knowledge", "type": "multiple_choice", "data": "gk.jsonl", "shots": 5}],
                 "parameters": {"rank": {"values": [8, 16, 32]},
                                "learning_rate": {"distribution": "log_uniform_values", "min": 1e-6, "max": 1e-3}},
                 "metric": {"name": "clinical-ner/f1", "goal": "maximize"},
                 "baseline": {"shots": 5},
                 "regression_gates": [{"task": "general-knowledge", "metric": "acc", "max_drop": 0.02},
                                      {"task": "general-knowledge", "metric": "wer", "max_drop": 0.01,
                                       "higher_is_better": false}],
                 "sampler": {"type": "tpe", "seed": 1}, "budget": {"max_trials": 20, "max_parallel": 2},
                 "prices": {"a10g": 1.0}, "max_retries": 2}
                """.formatted(name.replace(' ', '-'), BASE, NER_DATA);
    }

    static Map<String, Object> params(int rank, double lr) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rank", rank);
        p.put("learning_rate", lr);
        return p;
    }

    void write(ControllerRows rows) throws Exception {
        writeNer(rows);
        writeXss(rows);
        writeDiagnostics(rows);
        writeMultiObjective(rows);
    }

    /**
     * NER F1 (maximised) against GPU-hours (minimised), as the controller stores a sweep of two objectives:
     * 0 f1 .60 at 1.0 h; 1 .70 at 2.0 h; 2 .71 at 3.0 h; 3 .65 at 2.5 h (trial 1 beats it in both); 4 .55 at 0.5 h;
     * 5 pruned. Front: 4, 0, 1, 2.
     */
    private void writeMultiObjective(ControllerRows rows) throws Exception {
        rows.sweep(multi, "quality and cost", nerSpec("quality and cost").replace(
                "\"metric\": {\"name\": \"clinical-ner/f1\", \"goal\": \"maximize\"}",
                "\"objectives\": [{\"name\": \"clinical-ner/f1\", \"goal\": \"maximize\"}, "
                        + "{\"name\": \"gpu_hours\", \"goal\": \"minimize\"}]"), "running", T0 + 30);
        double[][] f1AndHours = {{0.60, 1.0}, {0.70, 2.0}, {0.71, 3.0}, {0.65, 2.5}, {0.55, 0.5}};
        for (int t = 0; t < f1AndHours.length; t++) {
            long seconds = (long) (f1AndHours[t][1] * 3600);
            rows.trial(multi, t, 1, "complete", params(8 << (t % 3), 1e-4), "agent-1", "cuda:0", T0,
                    T0 + seconds * 1000, f1AndHours[t][0], java.util.List.of(f1AndHours[t][0], f1AndHours[t][1]),
                    T0 + seconds * 1000);
            rows.cost(multi, t, 1, "a10g", seconds, 1.0);
        }
        rows.trial(multi, 5, 1, "pruned", params(8, 1e-6), "agent-1", "cuda:0", T0, T0 + 600_000, null,
                T0 + 600_000);
    }

    /**
     * Seven trials, all on agent-1 / cuda:0 whose reported price is $1/h (device a10g):
     * 0 r=8 f1 .60 $1; 1 r=16 f1 .70 $2; 2 r=32 f1 .71 $3; 3 r=16 pruned after 1800 s (estimated $0.50);
     * 4 r=32 lost after 900 s then diverged after 600 s (estimated $0.41667); 5 r=8 assigned (nothing yet);
     * 6 r=16 f1 .65 $1. Baseline f1 .40 [.35, .45].
     */
    private void writeNer(ControllerRows rows) throws Exception {
        rows.sweep(ner, "clinical NER r sweep", nerSpec("clinical NER r sweep"), "running", T0);
        complete(rows, ner, 0, params(8, 1e-4), 0.60, 0.05, 3600);
        complete(rows, ner, 1, params(16, 2e-4), 0.70, 0.04, 7200);
        complete(rows, ner, 2, params(32, 2e-4), 0.71, 0.04, 10800);
        complete(rows, ner, 6, params(16, 3e-4), 0.65, 0.04, 3600);
        rows.trial(ner, 3, 1, "pruned", params(16, 1e-5), "agent-1", "cuda:0", T0, T0 + 1_800_000, null, T0 + 2_000_000);
        rows.trial(ner, 4, 1, "lost", params(32, 9e-4), "agent-1", "cuda:0", T0, T0 + 900_000, null, T0 + 1_000_000);
        rows.trial(ner, 4, 2, "diverged", params(32, 9e-4), "agent-1", "cuda:0", T0 + 1_000_000, T0 + 1_600_000, null,
                T0 + 1_700_000);
        rows.trial(ner, 5, 1, "assigned", params(8, 5e-5), "", "", null, null, null, T0 + 1_000_000);
        rows.baseline(BASE, "clinical-ner", NER_DATA, 5, "f1", "", 0.40, 0.35, 0.45);
        String[] labels = {"MEDICATION", "DOSAGE", "CONDITION", "PROCEDURE"};
        for (int i = 0; i < labels.length; i++) {
            rows.baseline(BASE, "clinical-ner", NER_DATA, 5, "f1", labels[i], 0.30 + i * 0.05, 0.20 + i * 0.05,
                    0.40 + i * 0.05);
        }
        rows.baseline(BASE, "general-knowledge", "gk.jsonl", 5, "acc", "", 0.46, 0.42, 0.50);
        rows.baseline(BASE, "general-knowledge", "gk.jsonl", 5, "wer", "", 0.10, 0.08, 0.12);
        // measured later on other data and other shots: no reader may take these for the sweeps' baselines
        long later = 1_800_000_000_000L;
        rows.baseline(BASE, "clinical-ner", "other/ner", 5, "f1", "", 0.90, 0.85, 0.95, later);
        rows.baseline(BASE, "clinical-ner", NER_DATA, 0, "f1", "", 0.05, 0.02, 0.08, later);
        rows.baseline(BASE, "general-knowledge", "other-gk.jsonl", 5, "acc", "", 0.10, 0.05, 0.15, later);
    }

    private static void complete(ControllerRows rows, String sweep, int trial, Map<String, Object> params, double f1,
                                 double half, long seconds) throws Exception {
        rows.trial(sweep, trial, 1, "complete", params, "agent-1", "cuda:0", T0, T0 + seconds * 1000, f1,
                T0 + seconds * 1000);
        rows.cost(sweep, trial, 1, "a10g", seconds, 1.0);
        rows.eval(sweep, trial, 1, "clinical-ner", "f1", "", f1, f1 - half, f1 + half);
        String[] labels = {"MEDICATION", "DOSAGE", "CONDITION", "PROCEDURE"};
        for (int i = 0; i < labels.length; i++) {
            double v = f1 - 0.05 + i * 0.03;
            rows.eval(sweep, trial, 1, "clinical-ner", "f1", labels[i], v, v - 0.08, v + 0.08);
        }
        rows.eval(sweep, trial, 1, "general-knowledge", "acc", "", 0.455, 0.415, 0.495);
        long[] steps = new long[10];
        double[] train = new double[10];
        double[] eval = new double[10];
        for (int i = 0; i < 10; i++) {
            steps[i] = (i + 1) * 100L;
            train[i] = 0.6 + 1.6 * Math.exp(-(i + 1) / 3.0) - f1 / 10;
            eval[i] = train[i] + 0.1;
        }
        rows.curve(sweep, trial, 1, "train_loss", steps, train);
        rows.curve(sweep, trial, 1, "eval_loss", steps, eval);
    }

    /** A sweep named like an attack, minimising eval_loss; one parameter value is markup too. */
    private void writeXss(ControllerRows rows) throws Exception {
        String spec = """
                {"name": "xss", "base_model": "m", "dataset": {"train": "t.jsonl", "eval": "e.jsonl"},
                 "tasks": [{"name": "heldout", "type": "perplexity", "data": "h.txt"}],
                 "metric": {"name": "eval_loss", "goal": "minimize"},
                 "parameters": {"rank": {"values": [4, 8]}, "note": {"values": ["<img src=x onerror=alert(2)>"]}},
                 "sampler": {"type": "random", "seed": 1}, "budget": {"max_trials": 3, "max_parallel": 1},
                 "prices": {"cpu": 0.0}}
                """;
        rows.sweep(xss, XSS, spec, "finished", T0 + 10);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rank", 4);
        p.put("note", "<img src=x onerror=alert(2)>");
        rows.trial(xss, 0, 1, "complete", p, "a", "cpu", T0, T0 + 60_000, 1.2, T0 + 60_000);
        rows.trial(xss, 1, 1, "complete", Map.of("rank", 8, "note", "=HYPERLINK(\"x\")"), "a", "cpu", T0, T0 + 60_000,
                0.9, T0 + 60_000);
        rows.trial(xss, 2, 1, "complete", Map.of("rank", 8, "note", "plain"), "a", "cpu", T0, T0 + 60_000, 1.5,
                T0 + 60_000);
        rows.cost(xss, 0, 1, "=cmd|' /C calc'!A0", 60, 0.0);
    }

    /**
     * Scripted curves: 0 overfits (eval bottoms at step 400 and rises while train falls), 1 diverges (train NaN at
     * step 600), 2 is flat (lr 1e-6), 3 is healthy, 4 completes but forgets (general-knowledge acc .40 vs .46).
     */
    private void writeDiagnostics(ControllerRows rows) throws Exception {
        rows.sweep(diag, "diagnostics", nerSpec("diagnostics"), "running", T0 + 20);
        int n = 1000;
        long[] steps = new long[n];
        double[] falling = new double[n];
        double[] flat = new double[n];
        double[] diverging = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = i + 1;
            falling[i] = 0.5 + 1.5 * Math.exp(-(i + 1) / 200.0);
            flat[i] = 2.30 + 0.002 * Math.sin(i);
            diverging[i] = i + 1 < 600 ? falling[i] : i + 1 == 600 ? Double.NaN : Double.POSITIVE_INFINITY;
        }
        long[] evalSteps = new long[20];
        double[] overfitEval = new double[20];
        double[] healthyEval = new double[20];
        for (int i = 0; i < 20; i++) {
            evalSteps[i] = (i + 1) * 50L;
            double base = 0.7 + 1.5 * Math.exp(-evalSteps[i] / 200.0);
            overfitEval[i] = evalSteps[i] <= 400 ? base : base + 0.001 * (evalSteps[i] - 400);
            healthyEval[i] = base;
        }
        Object[][] trials = {
            {0, "complete", 0.6, falling, overfitEval, 2e-4},
            {1, "diverged", null, diverging, null, 9e-4},
            {2, "complete", 0.45, flat, null, 1e-6},
            {3, "complete", 0.7, falling, healthyEval, 2e-4},
        };
        for (Object[] t : trials) {
            int id = (Integer) t[0];
            rows.trial(diag, id, 1, (String) t[1], params(16, (Double) t[5]), "a", "cuda:0", T0, T0 + 3_600_000,
                    (Double) t[2], T0 + 3_600_000);
            rows.curve(diag, id, 1, "train_loss", steps, (double[]) t[3]);
            if (t[4] != null) {
                rows.curve(diag, id, 1, "eval_loss", evalSteps, (double[]) t[4]);
            }
            rows.eval(diag, id, 1, "general-knowledge", "acc", "", 0.455, 0.415, 0.495);
        }
        // a metric of the user's own, declared lower-is-better by its gate: fewer errors than the base passes
        rows.eval(diag, 3, 1, "general-knowledge", "wer", "", 0.08, 0.06, 0.10);
        rows.trial(diag, 4, 1, "complete", params(16, 2e-4), "a", "cuda:0", T0, T0 + 3_600_000, 0.7, T0 + 3_600_000);
        rows.curve(diag, 4, 1, "train_loss", steps, falling);
        rows.eval(diag, 4, 1, "general-knowledge", "acc", "", 0.40, 0.36, 0.44);
    }
}
