package io.lorasweep.controller.sampler.tpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.controller.sampler.Dimension;
import io.lorasweep.controller.sampler.RandomSampler;
import io.lorasweep.controller.sampler.SearchSpace;
import io.lorasweep.controller.sampler.TrialHistory;
import io.lorasweep.controller.sampler.TrialState;
import io.lorasweep.stats.Hypervolume;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiObjectiveTpeTest {

    private static final SearchSpace ONE = new SearchSpace(
            List.of(Dimension.Numeric.real("x", 0, 1, false)), Map.of());

    /** Complete trials 0.. with these losses; {@code maximizeFirst} stores the first objective negated. */
    private static TrialHistory history(boolean maximizeFirst, double[]... losses) {
        TrialHistory h = new TrialHistory(ONE, new boolean[] {!maximizeFirst, true});
        for (int i = 0; i < losses.length; i++) {
            h.start(i, Map.of("x", 0.1 * i));
            h.finish(i, TrialState.COMPLETE, maximizeFirst ? -losses[i][0] : losses[i][0], losses[i][1]);
        }
        return h;
    }

    private static int[] numbers(List<TrialHistory.Entry> entries) {
        return entries.stream().mapToInt(TrialHistory.Entry::number).toArray();
    }

    // front (1,5) (2,2) (5,1); then (3,3) and (1.5,6.2); then (4,4)
    private static final double[][] LOSSES = {{1, 5}, {2, 2}, {5, 1}, {3, 3}, {4, 4}, {1.5, 6.2}};

    @Test
    void theGoodTrialsAreWholeFrontsThenTheMostHypervolumeOfTheNextRank() {
        for (boolean maximizeFirst : new boolean[] {false, true}) {
            TrialHistory h = history(maximizeFirst, LOSSES);
            // one of the front: alone against its reference point (5.5, 5.5), (2,2) holds 12.25, the others 2.25
            assertArrayEquals(new int[] {1}, numbers(MultiObjectiveSplit.best(h, 1)));
            // the front whole, and of the next rank (reference (3.3, 6.82)) (3,3) holds 1.146, (1.5,6.2) 1.116
            assertArrayEquals(new int[] {0, 1, 2, 3}, numbers(MultiObjectiveSplit.best(h, 4)));
            assertArrayEquals(new int[] {0, 1, 2, 3, 5}, numbers(MultiObjectiveSplit.best(h, 5)));
            assertEquals(6, MultiObjectiveSplit.best(h, 9).size());
        }
    }

    @Test
    void goodTrialsWeighTheirShareOfTheHypervolume() {
        TrialHistory h = history(false, LOSSES);
        List<TrialHistory.Entry> below = MultiObjectiveSplit.best(h, 4);
        // reference (5.5, 5.5); the front's hypervolume 13.25; leaving out (1,5), (2,2), (5,1) loses 0.5, 9, 0.5;
        // (3,3) is dominated: the floor
        assertArrayEquals(new double[] {0.5 / 9, 1.0, 0.5 / 9, MultiObjectiveSplit.EPS},
                MultiObjectiveSplit.weights(h, below), 1e-12);
        // one good trial: weight 1
        assertArrayEquals(new double[] {1.0}, MultiObjectiveSplit.weights(h, MultiObjectiveSplit.best(h, 1)));
    }

    @Test
    void equalRanksWithTwinsTakeEveryDistinctVectorThenTheFirstTwins() {
        double[][] tied = {{2, 2}, {1, 3}, {2, 2}, {1, 3}};
        assertArrayEquals(new int[] {0, 1, 2}, MultiObjectiveSplit.subsetByHypervolume(tied, 3));
    }

    @Test
    void aCompleteTrialNeedsOneValuePerObjective() {
        TpeSampler tpe = new TpeSampler(ONE, new boolean[] {true, false}, TpeSettings.defaults(1));
        tpe.ask(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tpe.tell(0, TrialState.COMPLETE, 0.5));
        assertTrue(e.getMessage().contains("1 values for 2 objectives"), e.getMessage());
        tpe.tell(0, TrialState.COMPLETE, 0.5, 0.25);
        tpe.ask(1);
        tpe.tell(1, TrialState.PRUNED);
    }

    /** Two objectives in conflict over [0,1]²: f1 = x, f2 = 1 − √x + 2y (y only hurts). */
    @Test
    void theFrontItFindsHoldsMoreHypervolumeThanRandomSearch() {
        SearchSpace space = new SearchSpace(List.of(Dimension.Numeric.real("x", 0, 1, false),
                Dimension.Numeric.real("y", 0, 1, false)), Map.of());
        double[] reference = {1.1, 3.3};
        int tpeWins = 0;
        for (int seed = 0; seed < 5; seed++) {
            TpeSampler tpe = new TpeSampler(space, new boolean[] {true, true}, TpeSettings.defaults(seed));
            RandomSampler random = new RandomSampler(space, seed);
            double[][] tpeLosses = new double[60][];
            double[][] randomLosses = new double[60][];
            for (int i = 0; i < 60; i++) {
                Map<String, Object> p = tpe.ask(i);
                tpeLosses[i] = objectives(p);
                tpe.tell(i, TrialState.COMPLETE, tpeLosses[i]);
                randomLosses[i] = objectives(random.ask(i));
            }
            tpeWins += Hypervolume.of(tpeLosses, reference) > Hypervolume.of(randomLosses, reference) ? 1 : 0;
        }
        assertTrue(tpeWins >= 4, "TPE's front beat random search's in " + tpeWins + " of 5 seeds");
    }

    private static double[] objectives(Map<String, Object> p) {
        double x = ((Number) p.get("x")).doubleValue();
        double y = ((Number) p.get("y")).doubleValue();
        return new double[] {x, 1 - Math.sqrt(x) + 2 * y};
    }
}
