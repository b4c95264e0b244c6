package io.lorasweep.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrapTest {

    private static double[] accuracies(int correct, int total) {
        double[] v = new double[total];
        for (int i = 0; i < correct; i++) {
            v[i] = 1;
        }
        return v;
    }

    @Test
    void meanIntervalAroundTheEstimateAndDeterministic() {
        double[] v = accuracies(60, 100);
        ConfidenceInterval a = Bootstrap.defaults().mean(v);
        ConfidenceInterval b = Bootstrap.defaults().mean(v);
        assertEquals(a, b);
        assertEquals(0.6, a.estimate(), 1e-15);
        assertTrue(a.low() < 0.6 && a.high() > 0.6, a.toString());
        // binomial standard error ~0.049, so a 95% interval ~ +-0.096
        assertEquals(0.6 - 0.096, a.low(), 0.03);
        assertEquals(0.6 + 0.096, a.high(), 0.03);
        assertEquals(0.95, a.level());
    }

    @Test
    void otherSeedOtherResamples() {
        double[] v = accuracies(60, 100);
        ConfidenceInterval a = new Bootstrap(1000, 1, 0.95).mean(v);
        ConfidenceInterval b = new Bootstrap(1000, 2, 0.95).mean(v);
        assertNotEquals(a, b);
    }

    @Test
    void constantValuesGiveAPointInterval() {
        ConfidenceInterval ci = Bootstrap.defaults().mean(new double[] {0.5, 0.5, 0.5});
        assertEquals(new ConfidenceInterval(0.5, 0.5, 0.5, 0.95), ci);
    }

    @Test
    void ratioStatisticIsRecomputedPerResample() {
        // items are (tp, fp+fn) pairs; F1-like ratio of sums, not a mean of per-item ratios
        List<int[]> items = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            items.add(new int[] {i % 3, 1});
        }
        ConfidenceInterval ci = Bootstrap.defaults().interval(items, sample -> {
            double tp = 0;
            double err = 0;
            for (int[] it : sample) {
                tp += it[0];
                err += it[1];
            }
            return 2 * tp / (2 * tp + err);
        });
        double tp = 0;
        for (int[] it : items) {
            tp += it[0];
        }
        assertEquals(2 * tp / (2 * tp + 50), ci.estimate(), 1e-15);
        assertTrue(ci.low() < ci.estimate() && ci.estimate() < ci.high());
    }

    @Test
    void severalStatisticsFromOneResampleMatchOneAtATime() {
        List<Double> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add((double) (i * 7 % 11));
        }
        Bootstrap b = Bootstrap.defaults();
        Map<String, ConfidenceInterval> both = b.intervals(items, s -> Map.of("mean", Bootstrap.meanOf(s),
                "max", s.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
        assertEquals(b.interval(items, Bootstrap::meanOf), both.get("mean"));
    }

    @Test
    void undefinedResamplesAreLeftOut() {
        List<Double> items = List.of(1.0, 2.0, 3.0);
        // undefined whenever the first item is not drawn
        ConfidenceInterval ci = Bootstrap.defaults().interval(items,
                s -> s.contains(1.0) ? Bootstrap.meanOf(s) : Double.NaN);
        assertTrue(Double.isFinite(ci.low()) && Double.isFinite(ci.high()));
        ConfidenceInterval never = Bootstrap.defaults().interval(items, s -> Double.NaN);
        assertTrue(Double.isNaN(never.low()));
    }

    @Test
    void tailIsExactInDecimal() {
        assertEquals(2.5, Bootstrap.tailPercent(0.95));
        assertEquals(5.0, Bootstrap.tailPercent(0.9));
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Bootstrap(0, 1, 0.95));
        assertThrows(IllegalArgumentException.class, () -> new Bootstrap(10, 1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.defaults().mean(new double[0]));
    }
}
