package io.lorasweep.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {

    @Test
    void dominanceNeedsNoWorseEverywhereAndBetterSomewhere() {
        assertTrue(ParetoFront.dominates(new double[] {1, 2}, new double[] {1, 3}));
        assertFalse(ParetoFront.dominates(new double[] {1, 2}, new double[] {1, 2}));
        assertFalse(ParetoFront.dominates(new double[] {0, 3}, new double[] {1, 2}));
    }

    @Test
    void ranksPeelFrontsAndEqualPointsShareOne() {
        double[][] losses = {{3, 3}, {1, 3}, {2, 2}, {3, 1}, {2, 3}, {1, 3}};
        assertArrayEquals(new int[] {2, 0, 0, 0, 1, 0}, ParetoFront.ranks(losses, losses.length));
        assertArrayEquals(new boolean[] {false, true, true, true, false, true}, ParetoFront.onFront(losses));
        // asked for the best 3 only: the first front (three distinct points) is exact, the rest is "worse"
        assertArrayEquals(new int[] {1, 0, 0, 0, 1, 0}, ParetoFront.ranks(losses, 3));
    }

    @Test
    void distinctOrderIsLexicographicWithTheFirstOfEqualPoints() {
        double[][] losses = {{2, 1}, {1, 5}, {2, 1}, {1, 2}};
        assertArrayEquals(new Integer[] {3, 1, 0}, ParetoFront.distinctOrder(losses));
    }

    @Test
    void ranksAgreeWithTheDefinitionOnRandomPoints() {
        Random rng = new Random(3);
        for (int round = 0; round < 50; round++) {
            int n = 1 + rng.nextInt(20);
            double[][] losses = new double[n][3];
            for (double[] l : losses) {
                for (int k = 0; k < 3; k++) {
                    l[k] = rng.nextInt(5); // few values, so ties and twins occur
                }
            }
            int[] ranks = ParetoFront.ranks(losses, n);
            for (int i = 0; i < n; i++) {
                // rank r: dominated by some point of rank r - 1 (if r > 0), by none of rank >= r
                boolean byPrevious = ranks[i] == 0;
                for (int j = 0; j < n; j++) {
                    if (ParetoFront.dominates(losses[j], losses[i])) {
                        assertTrue(ranks[j] < ranks[i], "point " + j + " dominates " + i);
                        byPrevious |= ranks[j] == ranks[i] - 1;
                    }
                }
                assertTrue(byPrevious, "point " + i + " of rank " + ranks[i]);
            }
        }
    }

    @Test
    void theTwoObjectiveFrontAgreesWithComparingEveryPair() {
        Random rng = new Random(11);
        for (int round = 0; round < 100; round++) {
            int n = 1 + rng.nextInt(30);
            double[][] losses = new double[n][2];
            for (double[] l : losses) {
                l[0] = rng.nextInt(6);
                l[1] = rng.nextInt(6);
            }
            boolean[] expected = new boolean[n];
            for (int i = 0; i < n; i++) {
                expected[i] = true;
                for (int j = 0; j < n; j++) {
                    expected[i] &= !ParetoFront.dominates(losses[j], losses[i]);
                }
            }
            assertArrayEquals(expected, ParetoFront.onFront(losses), "round " + round);
        }
    }

    @Test
    void hypervolumeByHand() {
        assertEquals(3.0, Hypervolume.of(new double[][] {{1, 2}, {2, 1}}, new double[] {3, 3}), 1e-12);
        assertEquals(3.0, Hypervolume.of(new double[][] {{0, 1, 1}, {1, 0, 1}}, new double[] {2, 2, 2}), 1e-12);
        // a dominated point and one beyond the reference add nothing
        assertEquals(3.0, Hypervolume.of(new double[][] {{1, 2}, {2, 1}, {2, 2}, {0, 5}}, new double[] {3, 3}),
                1e-12);
        assertEquals(Double.POSITIVE_INFINITY,
                Hypervolume.of(new double[][] {{Double.NEGATIVE_INFINITY, 1}}, new double[] {3, 3}));
    }

    @Test
    void hypervolumeAgreesWithInclusionExclusion() {
        Random rng = new Random(7);
        for (int round = 0; round < 40; round++) {
            int d = 2 + rng.nextInt(3);
            int n = 1 + rng.nextInt(7);
            double[][] points = new double[n][d];
            double[] ref = new double[d];
            java.util.Arrays.fill(ref, 1.0);
            for (double[] p : points) {
                for (int k = 0; k < d; k++) {
                    p[k] = rng.nextDouble();
                }
            }
            double expected = 0;
            for (int mask = 1; mask < 1 << n; mask++) {
                double box = 1;
                for (int k = 0; k < d; k++) {
                    double corner = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < n; i++) {
                        if ((mask & 1 << i) != 0) {
                            corner = Math.max(corner, points[i][k]);
                        }
                    }
                    box *= ref[k] - corner;
                }
                expected += Integer.bitCount(mask) % 2 == 1 ? box : -box;
            }
            assertEquals(expected, Hypervolume.of(points, ref), 1e-12, "round " + round);
        }
    }

    @Test
    void contributionsAndGreedySubset() {
        double[][] front = {{1, 3}, {2, 2}, {3, 1}};
        double[] ref = {4, 4};
        // alone each holds 3, 4, 3; with the others each holds the one cell only it covers
        assertArrayEquals(new double[] {1, 1, 1}, Hypervolume.contributions(front, ref), 1e-12);
        // (2,2) adds 4 first; then (1,3) and (3,1) each add 1: the tie goes to the earlier point
        assertArrayEquals(new int[] {1, 0}, Hypervolume.greedySubset(front, ref, 2));
        assertArrayEquals(new double[] {4.4, 1e-12}, Hypervolume.referencePoint(new double[][] {{4, -1}, {2, 0}}),
                1e-12);
    }
}
