package io.lorasweep.devtools;

import io.lorasweep.schemas.db.TableRow;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** One synthetic trial: its fate, its curves, its evals and its cost, written as the controller would. */
final class SyntheticTrial {

    private final String sweepId;
    private final int id;
    private final SplittableRandom r;
    private final long start;
    private final int points;
    private final Map<String, Object> params;
    private final int rank;
    private final double lr;
    private final double dropout;
    private final int modules;
    private final boolean dora;

    SyntheticTrial(String sweepId, int id, SplittableRandom r, long start, int points) {
        this.sweepId = sweepId;
        this.id = id;
        this.r = r;
        this.start = start;
        this.points = points;
        this.params = SyntheticHistory.params(r);
        this.rank = (Integer) params.get("rank");
        this.lr = (Double) params.get("learning_rate");
        this.dropout = (Double) params.get("dropout");
        this.modules = SyntheticHistory.MODULES.indexOf(params.get("target_modules"));
        this.dora = (Boolean) params.get("use_dora");
    }

    void write(RowSink trials, RowSink metrics, RowSink evals, RowSink costs) throws IOException {
        double u = r.nextDouble();
        String fate;
        if (lr > 7e-4 && r.nextDouble() < 0.5) {
            fate = "diverged";
        } else if (u < 0.20) {
            fate = "pruned";
        } else if (u < 0.23) {
            fate = "failed";
        } else if (u < 0.27) {
            fate = "retried";
        } else if (u < 0.28) {
            fate = "cancelled";
        } else {
            fate = "complete";
        }
        String agent = r.nextDouble() < 0.7 ? "agent-a" : "agent-b";
        String deviceType = agent.equals("agent-a") ? "a10g" : "l4";
        double price = agent.equals("agent-a") ? 1.01 : 0.8;
        double secondsPerStep = 0.6 * (1 + rank / 32.0) * (1 + 0.4 * modules) * (dora ? 1.3 : 1.0)
                * (deviceType.equals("l4") ? 1.25 : 1.0) * (0.9 + 0.2 * r.nextDouble());
        int attempt = 1;
        long attemptStart = start;
        if (fate.equals("retried")) {
            // the first attempt's agent went silent half way; the retry completes
            long lostAt = attemptStart + (long) (stepsAt(0.5) * secondsPerStep * 1000);
            row(trials, 1, "lost", agent, attemptStart, lostAt + 120_000, null, "lease expired: no word from "
                    + agent + " for 120.0 s", lostAt + 120_000);
            curves(metrics, 1, attemptStart, secondsPerStep, stepsAt(0.5), false);
            attempt = 2;
            attemptStart = lostAt + 130_000;
            fate = "complete";
        }
        long end = switch (fate) {
            case "pruned" -> stepsAt(0.2 + 0.3 * r.nextDouble());
            case "failed" -> stepsAt(0.05 + 0.2 * r.nextDouble());
            case "diverged" -> stepsAt(0.1 + 0.4 * r.nextDouble());
            case "cancelled" -> stepsAt(0.3 + 0.4 * r.nextDouble());
            default -> SyntheticHistory.TOTAL_STEPS;
        };
        long endedAt = attemptStart + (long) (end * secondsPerStep * 1000);
        curves(metrics, attempt, attemptStart, secondsPerStep, end, fate.equals("diverged"));
        Double objective = null;
        if (fate.equals("complete")) {
            double f1 = quality();
            objective = f1;
            evals(evals, attempt, f1, endedAt);
            double seconds = end * secondsPerStep + 60;
            costs.add(new TableRow.Cost(sweepId, id, attempt, deviceType, seconds, seconds * 0.93, price,
                    seconds / 3600 * price, endedAt));
        }
        String reason = switch (fate) {
            case "pruned" -> "median pruner: value at step " + end + " worse than the median of completed trials";
            case "failed" -> "java.lang.OutOfMemoryError: Java heap space";
            case "diverged" -> "train_loss is nan at step " + end;
            case "cancelled" -> "cancelled through the API";
            default -> "";
        };
        row(trials, attempt, fate, agent, attemptStart, endedAt, objective, reason, endedAt);
    }

    /** The step a run stopped at, as a fraction of the full run. */
    private static long stepsAt(double fraction) {
        return Math.max(10, (long) (SyntheticHistory.TOTAL_STEPS * fraction));
    }

    private void row(RowSink trials, int attempt, String state, String agent, long startedAt, long endedAt,
                     Double objective, String reason, long version) throws IOException {
        trials.add(new TableRow.Trial(sweepId, id, attempt, state, SyntheticHistory.json(params),
                "lease-" + id + "-" + attempt, agent, agent.equals("agent-a") ? "cuda:0" : "cuda:1", startedAt,
                endedAt, objective, List.of(), reason, objective == null ? "" : "artifacts/" + sweepId + "/" + id + "/" + attempt,
                "", version));
    }

    /** The response surface: modules and rank help a little, the learning rate matters most, noise on top. */
    private double quality() {
        double lrPenalty = Math.log10(lr / 2e-4);
        double q = 0.50 + 0.05 * modules + 0.025 * (Math.log(rank / 8.0) / Math.log(2)) - 0.07 * lrPenalty * lrPenalty
                + (dora ? 0.01 : 0) - (rank == 32 && dropout == 0 ? 0.02 : 0) + gaussian(0.015);
        return clamp(q, 0.05, 0.95);
    }

    private void evals(RowSink evals, int attempt, double f1, long at) throws IOException {
        double half = 1.96 * Math.sqrt(f1 * (1 - f1) / 300);
        eval(evals, attempt, SyntheticHistory.TASK, "f1", "", f1, half, at);
        eval(evals, attempt, SyntheticHistory.TASK, "precision", "", clamp(f1 + 0.02 + gaussian(0.01), 0, 1), half, at);
        eval(evals, attempt, SyntheticHistory.TASK, "recall", "", clamp(f1 - 0.02 + gaussian(0.01), 0, 1), half, at);
        for (int i = 0; i < SyntheticHistory.LABELS.size(); i++) {
            double v = clamp(f1 + SyntheticHistory.LABEL_OFFSET[i] + gaussian(0.02), 0, 1);
            eval(evals, attempt, SyntheticHistory.TASK, "f1", SyntheticHistory.LABELS.get(i), v, half * 1.9, at);
        }
        // forgetting: a high learning rate at rank 32 costs general knowledge
        double gk = SyntheticHistory.BASELINE_GK - (lr > 5e-4 && rank == 32 ? 0.04 : 0.005) + gaussian(0.008);
        eval(evals, attempt, "general-knowledge", "acc", "", gk, 0.04, at);
    }

    private void eval(RowSink evals, int attempt, String task, String metric, String label, double value,
                      double half, long at) throws IOException {
        evals.add(new TableRow.Eval(sweepId, id, attempt, task, metric, label, value, Math.max(0, value - half),
                Math.min(1, value + half), at));
    }

    /**
     * Train and eval loss up to step {@code end}: one fifth of the points are eval points. A small learning rate
     * barely moves the loss; rank 32 without dropout overfits after step 400; a diverging run climbs and ends NaN.
     */
    private void curves(RowSink metrics, int attempt, long startedAt, double secondsPerStep, long end,
                        boolean diverges) throws IOException {
        int evalPoints = Math.max(1, points / 5);
        int trainPoints = points - evalPoints;
        double l0 = 2.4 + gaussian(0.05);
        double floor = 0.55 + 0.1 * (2 - modules) + gaussian(0.03);
        double tau = 300 * Math.pow(2e-4 / lr, 1.5);
        boolean overfits = rank == 32 && dropout == 0.0;
        long blowUp = diverges ? Math.max(2, end * 2 / 3) : Long.MAX_VALUE;
        for (int i = 1; i <= trainPoints; i++) {
            long step = Math.max(1, Math.round((double) i * end / trainPoints));
            double v = floor + (l0 - floor) * Math.exp(-step / tau) + gaussian(0.015);
            if (step > blowUp) {
                v = i == trainPoints ? Double.NaN : v * Math.exp((step - blowUp) / 30.0);
            }
            metrics.add(new TableRow.Metric(sweepId, id, attempt, "train_loss", step, v,
                    startedAt + (long) (step * secondsPerStep * 1000)));
        }
        for (int i = 1; i <= evalPoints; i++) {
            long step = Math.max(1, Math.round((double) i * end / evalPoints));
            double v = floor + 0.12 + (l0 - floor) * Math.exp(-step / tau) + gaussian(0.01);
            if (overfits && step > 400) {
                v += 0.0008 * (step - 400);
            }
            if (step > blowUp) {
                v = i == evalPoints ? Double.POSITIVE_INFINITY : v * Math.exp((step - blowUp) / 30.0);
            }
            metrics.add(new TableRow.Metric(sweepId, id, attempt, "eval_loss", step, v,
                    startedAt + (long) (step * secondsPerStep * 1000) + 500));
        }
    }

    private double gaussian(double sd) {
        // Box–Muller from the trial's own stream, so a seed always writes the same history
        double u1 = Math.max(1e-12, r.nextDouble());
        double u2 = r.nextDouble();
        return sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
