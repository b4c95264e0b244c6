package io.lorasweep.dashboard.importance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.dashboard.store.ParameterDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** PED-ANOVA against values worked out by hand from its definition, and against what importance must mean. */
class PedAnovaTest {

    private static final PedAnova PED = new PedAnova(PedAnova.DEFAULTS);

    @Test
    void categoricalDivergenceMatchesTheHandWorkedValue() {
        // all trials: 10 A, 10 B; good trials: 2 A. Prior weight 1.
        // all:  2 observed choices, each kernel row (1 + 1/3, 1/3) / (5/3) = (0.8, 0.2) and mirrored, weights 10/21
        //       each, prior 1/21 uniform -> (0.5, 0.5)
        // good: 1 observed choice, kernel row (1 + 1/2, 1/2) / 2 = (0.75, 0.25) weight 2/3, prior 1/3 uniform
        //       -> (2/3, 1/3)
        // divergence: 0.5 (4/3 - 1)^2 + 0.5 (2/3 - 1)^2 = 1/9
        double[] all = ParzenEstimator.categorical(new double[] {10, 10}, 1.0);
        double[] good = ParzenEstimator.categorical(new double[] {2, 0}, 1.0);
        assertEquals(0.5, all[0], 1e-15);
        assertEquals(0.5, all[1], 1e-15);
        assertEquals(2.0 / 3, good[0], 1e-15);
        assertEquals(1.0 / 3, good[1], 1e-15);
        double d = PED.divergence(new PedAnova.ParameterCounts("c", true, new double[] {2, 0}, new double[] {10, 10}));
        assertEquals(1.0 / 9, d, 1e-11);
    }

    @Test
    void aLoneNumericKernelHasTheNarrowestWidth() {
        // one point observed, no prior: Scott's width is 0 and is raised to 0.5 / 1.64, so the point keeps the mass
        // of a normal within +-1.64 sigma (0.89899) and its neighbours share the rest
        double[] counts = new double[50];
        counts[25] = 7;
        double[] pmf = ParzenEstimator.numeric(counts, 0.0);
        assertEquals(0.898995, pmf[25], 1e-5);
        assertEquals(1.0, Arrays.stream(pmf).sum(), 1e-12);
        assertEquals(pmf[24], pmf[26], 1e-15);
    }

    @Test
    void scottsWidthFollowsTheSpreadOfTheCounts() {
        // 100 trials spread evenly over points 0..9: mean 4.5, sd sqrt(10 * 82.5 / 99) = 2.8868; the IQR runs from
        // the point where the cumulative count reaches 25 (2) to where it passes 75 (7): 5 / 1.34 = 3.73 > sd;
        // sigma = 1.059 * 2.8868 * 100^-0.2 = 1.2170
        double[] counts = new double[20];
        for (int i = 0; i < 10; i++) {
            counts[i] = 10;
        }
        double sd = Math.sqrt(825.0 / 99);
        double expected = 1.059 * Math.min(5 / 1.34, sd) * Math.pow(100, -0.2);
        assertEquals(expected, ParzenEstimator.scottSigma(counts, 100), 1e-12);
    }

    @Test
    void densitiesSumToOne() {
        double[] counts = {0, 3, 0, 9, 1, 0, 0, 2};
        assertEquals(1.0, Arrays.stream(ParzenEstimator.numeric(counts, 1.0)).sum(), 1e-12);
        assertEquals(1.0, Arrays.stream(ParzenEstimator.categorical(counts, 1.0)).sum(), 1e-12);
        assertEquals(1.0, Arrays.stream(ParzenEstimator.numeric(new double[8], 1.0)).sum(), 1e-12);
    }

    @Test
    void theGoodSetIsTheTopQuantileWithAtLeastTwoTrials() {
        assertEquals(9, PED.cutoffIndex(100)); // ceil(0.1 * 100) - 1: the best 10
        assertEquals(10, PED.cutoffIndex(101)); // ceil(10.1) - 1: the best 11
        assertEquals(1, PED.cutoffIndex(3)); // ceil(0.3) - 1 = 0, but two at least
        assertEquals(49, new PedAnova(PedAnova.DEFAULTS.withBaselineQuantile(1.0)).cutoffIndex(50));
        assertThrows(IllegalArgumentException.class, () -> PED.cutoffIndex(1));
        assertEquals(2.0, PED.cutoff(new double[] {5, 1, 4, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> PedAnova.DEFAULTS.withBaselineQuantile(0));
    }

    @Test
    void aParameterThatDecidesTheObjectiveTakesNearlyAllTheImportance() {
        ImportanceGrid x = ImportanceGrid.of(numeric("x", "uniform", 0, 1), 50);
        ImportanceGrid noise = ImportanceGrid.of(numeric("noise", "log_uniform_values", 1e-5, 1e-3), 50);
        ImportanceGrid color = ImportanceGrid.of(categorical("color", List.of("red", "green", "blue")), 50);
        SplittableRandom r = new SplittableRandom(11);
        int n = 2000;
        double[][] values = new double[n][3];
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            values[i][0] = r.nextDouble();
            values[i][1] = Math.exp(Math.log(1e-5) + r.nextDouble() * Math.log(100));
            values[i][2] = r.nextInt(3);
            losses[i] = values[i][0]; // minimise x: nothing else matters
        }
        List<PedAnova.Importance> out = rate(List.of(x, noise, color), values, losses, PED);
        Map<String, Double> share = shares(out);
        assertTrue(share.get("x") > 0.95, out.toString());
        assertTrue(share.get("noise") < 0.03, out.toString());
        assertTrue(share.get("color") < 0.03, out.toString());
        assertEquals(1.0, share.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
        assertEquals("x", out.get(0).parameter());
    }

    @Test
    void twoParametersThatMatterEquallyShareTheImportance() {
        ImportanceGrid a = ImportanceGrid.of(categorical("a", List.of(0, 1)), 50);
        ImportanceGrid b = ImportanceGrid.of(categorical("b", List.of(0, 1)), 50);
        int n = 4000;
        double[][] values = new double[n][2];
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            // every combination equally often; the loss is the number of ones
            values[i][0] = i % 2;
            values[i][1] = (i / 2) % 2;
            losses[i] = values[i][0] + values[i][1] + i * 1e-9;
        }
        Map<String, Double> share = shares(rate(List.of(a, b), values, losses,
                new PedAnova(PedAnova.DEFAULTS.withBaselineQuantile(0.25))));
        assertEquals(0.5, share.get("a"), 1e-9);
        assertEquals(0.5, share.get("b"), 1e-9);
    }

    @Test
    void withEveryTrialGoodTheParametersShareEquallyAndAFixedOneGetsNothing() {
        ImportanceGrid x = ImportanceGrid.of(numeric("x", "uniform", 0, 1), 50);
        ImportanceGrid y = ImportanceGrid.of(categorical("y", List.of("a", "b")), 50);
        ImportanceGrid fixed = ImportanceGrid.of(new ParameterDomain("f", ParameterDomain.Kind.FIXED, List.of(3),
                null, Double.NaN, Double.NaN, null), 50);
        SplittableRandom r = new SplittableRandom(3);
        int n = 200;
        double[][] values = new double[n][3];
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            values[i][0] = r.nextDouble();
            values[i][1] = r.nextInt(2);
            values[i][2] = 0;
            losses[i] = r.nextDouble();
        }
        Map<String, Double> share = shares(rate(List.of(x, y, fixed), values, losses,
                new PedAnova(PedAnova.DEFAULTS.withBaselineQuantile(1.0))));
        assertEquals(0.5, share.get("x"), 1e-12);
        assertEquals(0.5, share.get("y"), 1e-12);
        assertEquals(0.0, share.get("f"));
    }

    @Test
    void aConditionalParameterIsWeightedByHowManyTrialsHaveIt() {
        // the same counts, once for every trial and once for a parameter half the trials (and all good ones) have:
        // (a^2 / b) = 1 / 0.5 doubles its weight
        double[] top = {5, 0};
        double[] all = {50, 50};
        PedAnova.ParameterCounts everywhere = new PedAnova.ParameterCounts("p", true, top, all);
        List<PedAnova.Importance> full = PED.importances(List.of(everywhere), 5, 100);
        List<PedAnova.Importance> half = PED.importances(List.of(everywhere), 5, 200);
        assertEquals(2 * full.get(0).unnormalised() / 4, half.get(0).unnormalised(), 1e-15);
        assertEquals(full.get(0).divergence(), half.get(0).divergence(), 1e-15);
        assertEquals(0.05 * 0.05 * full.get(0).divergence(), full.get(0).unnormalised(), 1e-15);
    }

    @Test
    void gridsAreLaidOutAsOptunaLaysThemOut() {
        ImportanceGrid lr = ImportanceGrid.of(numeric("lr", "log_uniform_values", 1e-5, 1e-3), 50);
        assertEquals(50, lr.size());
        assertTrue(lr.log());
        assertEquals(0, lr.bin(1e-5));
        assertEquals(49, lr.bin(1e-3));
        assertEquals(0, lr.bin(1e-7)); // outside the range: kept on the grid's edge
        assertEquals(-1, lr.bin(-1));
        assertEquals(-1, lr.bin(Double.NaN));
        // ln(1.1e-4 / 1e-5) / (ln(100) / 49) = 25.51: nearest point 26; 1.05e-4 gives 25.03: point 25
        assertEquals(26, lr.bin(1.1e-4));
        assertEquals(25, lr.bin(1.05e-4));
        ImportanceGrid epochs = ImportanceGrid.of(numeric("epochs", "int_uniform", 1, 8), 50);
        assertEquals(8, epochs.size());
        assertEquals(2, epochs.bin(3));
        ImportanceGrid wide = ImportanceGrid.of(numeric("steps", "int_uniform", 1, 1000), 50);
        assertEquals(50, wide.size());
        ImportanceGrid qlog = ImportanceGrid.of(new ParameterDomain("r", ParameterDomain.Kind.NUMERIC, List.of(),
                "q_log_uniform_values", 4, 64, 4.0), 50);
        assertEquals(5, qlog.size()); // 16 values: ceil(log2(16)) + 1
        assertTrue(ImportanceGrid.of(numeric("one", "uniform", 2, 2), 50).single());
        assertEquals(3, ImportanceGrid.of(categorical("c", List.of(1, 2, 3)), 50).size());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static ParameterDomain numeric(String name, String distribution, double min, double max) {
        return new ParameterDomain(name, ParameterDomain.Kind.NUMERIC, List.of(), distribution, min, max, null);
    }

    private static ParameterDomain categorical(String name, List<Object> choices) {
        return new ParameterDomain(name, ParameterDomain.Kind.CATEGORICAL, choices, null, Double.NaN, Double.NaN,
                null);
    }

    /** Counts the trials on each grid as the importance route has ClickHouse count them, then rates them. */
    private static List<PedAnova.Importance> rate(List<ImportanceGrid> grids, double[][] values, double[] losses,
                                                  PedAnova ped) {
        double cutoff = ped.cutoff(losses);
        long top = Arrays.stream(losses).filter(l -> l <= cutoff).count();
        List<PedAnova.ParameterCounts> counts = new ArrayList<>();
        for (int p = 0; p < grids.size(); p++) {
            ImportanceGrid g = grids.get(p);
            double[] good = new double[g.size()];
            double[] all = new double[g.size()];
            for (int i = 0; i < losses.length; i++) {
                int point = g.categorical() ? (int) values[i][p] : g.bin(values[i][p]);
                all[point]++;
                if (losses[i] <= cutoff) {
                    good[point]++;
                }
            }
            counts.add(new PedAnova.ParameterCounts(g.parameter(), g.categorical(), good, all));
        }
        return ped.importances(counts, top, losses.length);
    }

    private static Map<String, Double> shares(List<PedAnova.Importance> out) {
        Map<String, Double> m = new TreeMap<>();
        out.forEach(i -> m.put(i.parameter(), i.importance()));
        return m;
    }
}
