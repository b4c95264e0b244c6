package io.lorasweep.controller.sampler;

import io.lorasweep.controller.sampler.tpe.TpeSampler;
import io.lorasweep.controller.sampler.tpe.TpeSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Best value found after 10, 25, 50 and 100 trials, mean over 20 seeds, on standard functions: TPE (independent
 * and multivariate) against random search. Measures and prints; run with {@code ./lorasweep test --suite benchmark}.
 */
@Tag("benchmark")
class SamplerQualityBenchmark {

    private static final int[] CHECKPOINTS = {10, 25, 50, 100};
    private static final int SEEDS = 20;

    record Problem(String name, SearchSpace space, Function<Map<String, Object>, Double> objective) {
    }

    private static double num(Map<String, Object> p, String name) {
        return ((Number) p.get(name)).doubleValue();
    }

    static Problem branin() {
        return new Problem("Branin (min 0.397887)", new SearchSpace(List.of(
                Dimension.Numeric.real("x1", -5, 10, false), Dimension.Numeric.real("x2", 0, 15, false)), Map.of()),
                p -> {
                    double x1 = num(p, "x1");
                    double x2 = num(p, "x2");
                    double b = 5.1 / (4 * Math.PI * Math.PI);
                    double c = 5 / Math.PI;
                    double t = 1 / (8 * Math.PI);
                    return Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10;
                });
    }

    static Problem hartmann6() {
        double[] alpha = {1.0, 1.2, 3.0, 3.2};
        double[][] a = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8},
            {17, 8, 0.05, 10, 0.1, 14}};
        double[][] pm = {{1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991},
            {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}};
        List<Dimension> dims = new ArrayList<>();
        for (int j = 0; j < 6; j++) {
            dims.add(Dimension.Numeric.real("x" + j, 0, 1, false));
        }
        return new Problem("Hartmann-6 (min -3.32237)", new SearchSpace(dims, Map.of()), p -> {
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                double inner = 0;
                for (int j = 0; j < 6; j++) {
                    double d = num(p, "x" + j) - pm[i][j] * 1e-4;
                    inner += a[i][j] * d * d;
                }
                sum += alpha[i] * Math.exp(-inner);
            }
            return -sum;
        });
    }

    /** Rosenbrock over log10 of log-uniform parameters in [0.01, 100]: the optimum is at x = 10 in every dimension. */
    static Problem logRosenbrock() {
        List<Dimension> dims = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            dims.add(Dimension.Numeric.real("x" + j, 1e-2, 1e2, true));
        }
        return new Problem("log-space Rosenbrock, 3-D (min 0)", new SearchSpace(dims, Map.of()), p -> {
            double sum = 0;
            for (int j = 0; j < 2; j++) {
                double u = Math.log10(num(p, "x" + j));
                double v = Math.log10(num(p, "x" + (j + 1)));
                sum += 100 * Math.pow(v - u * u, 2) + Math.pow(1 - u, 2);
            }
            return sum;
        });
    }

    static Problem lora() {
        return new Problem("mixed LoRA-like space, 6 parameters (min 1.2)", LoraSpaces.sixParameters(),
                LoraSpaces::evalLoss);
    }

    /** Mean over seeds of the best value after each checkpoint. */
    static double[] meanBest(Problem problem, LongFunction<Sampler> samplerOfSeed) {
        double[] sums = new double[CHECKPOINTS.length];
        for (int seed = 0; seed < SEEDS; seed++) {
            Sampler sampler = samplerOfSeed.apply(seed);
            double best = Double.POSITIVE_INFINITY;
            int c = 0;
            for (int i = 0; i < CHECKPOINTS[CHECKPOINTS.length - 1]; i++) {
                Map<String, Object> p = sampler.ask(i);
                double v = problem.objective().apply(p);
                sampler.tell(i, TrialState.COMPLETE, v);
                best = Math.min(best, v);
                if (i + 1 == CHECKPOINTS[c]) {
                    sums[c++] += best;
                }
            }
        }
        for (int c = 0; c < sums.length; c++) {
            sums[c] /= SEEDS;
        }
        return sums;
    }

    @Test
    void bestValueAfterNTrials() {
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "%-48s %-18s %10s %10s %10s %10s%n", "problem", "sampler",
                "10", "25", "50", "100"));
        for (Problem problem : List.of(branin(), hartmann6(), logRosenbrock(), lora())) {
            Map<String, LongFunction<Sampler>> samplers = new java.util.LinkedHashMap<>();
            samplers.put("random", seed -> new RandomSampler(problem.space(), 1000 + seed));
            samplers.put("tpe", seed -> new TpeSampler(problem.space(), true, TpeSettings.defaults(1000 + seed)));
            samplers.put("tpe multivariate", seed -> new TpeSampler(problem.space(), true,
                    TpeSettings.defaults(1000 + seed).withMultivariate(true, false)));
            for (Map.Entry<String, LongFunction<Sampler>> s : samplers.entrySet()) {
                double[] best = meanBest(problem, s.getValue());
                report.append(String.format(Locale.ROOT, "%-48s %-18s %10.4f %10.4f %10.4f %10.4f%n",
                        problem.name(), s.getKey(), best[0], best[1], best[2], best[3]));
            }
        }
        System.out.print(report);
    }
}
