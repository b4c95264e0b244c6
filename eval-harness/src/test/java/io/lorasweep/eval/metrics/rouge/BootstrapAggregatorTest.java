package io.lorasweep.eval.metrics.rouge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The aggregator's rule. The draws cannot match numpy's, so the checks are those that hold whatever is drawn
 * (or that hold for rouge-score's own tests with overwhelming probability, with the seed fixed here).
 */
class BootstrapAggregatorTest {

    private static final long SEED = 123;

    private static void assertScore(double precision, double recall, double fmeasure, Score actual, double delta) {
        assertEquals(precision, actual.precision(), delta, "precision");
        assertEquals(recall, actual.recall(), delta, "recall");
        assertEquals(fmeasure, actual.fmeasure(), delta, "fmeasure");
    }

    private static BootstrapAggregator threeScores(double confidence) {
        BootstrapAggregator aggregator = new BootstrapAggregator(confidence, 1000, SEED);
        aggregator.add(Map.of("rouge1", new Score(1, 1.0 / 3, 1.0 / 2)));
        aggregator.add(Map.of("rouge1", new Score(0, 0, 0)));
        aggregator.add(Map.of("rouge1", new Score(1, 1, 1)));
        return aggregator;
    }

    @Test
    void consistentPercentilesAsInRougeScoresTest() {
        // Means of three draws from {1, 0, 1}: 0 has probability 1/27 (< 5 %), so the 5th percentile is 1/3;
        // the median is 2/3, and the 95th is 1 (P(mean < 1) = 19/27).
        AggregateScore result = threeScores(0.9).aggregate().get("rouge1");
        assertScore(1.0 / 3, 1.0 / 9, 1.0 / 6, result.low(), 1e-8);
        assertScore(2.0 / 3, 4.0 / 9, 3.0 / 6, result.mid(), 1e-8);
        assertScore(3.0 / 3, 7.0 / 9, 5.0 / 6, result.high(), 1e-8);
    }

    @Test
    void zeroConfidenceCollapsesToTheMedianAsInRougeScoresTest() {
        AggregateScore result = threeScores(0.0).aggregate().get("rouge1");
        for (Score bound : List.of(result.low(), result.mid(), result.high())) {
            assertScore(2.0 / 3, 4.0 / 9, 3.0 / 6, bound, 1e-8);
        }
    }

    @Test
    void aSinglePairIsItsOwnIntervalExactly() {
        Score only = new Score(0.1, 0.7, Score.fmeasure(0.1, 0.7));
        BootstrapAggregator aggregator = new BootstrapAggregator();
        aggregator.add(Map.of("rougeL", only));
        assertEquals(new AggregateScore(only, only, only), aggregator.aggregate().get("rougeL"));
    }

    @Test
    void typesAreAggregatedSeparatelyInTheOrderFirstAdded() {
        BootstrapAggregator aggregator = new BootstrapAggregator(0.95, 50, SEED);
        RougeScorer scorer = new RougeScorer(List.of("rougeL", "rouge1"), false);
        aggregator.add(scorer.score("one two three", "one two"));
        aggregator.add(scorer.score("one two five six", "seven eight"));
        aggregator.add(Map.of("rouge2", Score.ZERO));
        Map<String, AggregateScore> result = aggregator.aggregate();
        assertEquals(List.of("rougeL", "rouge1", "rouge2"), List.copyOf(result.keySet()));
        assertEquals(new AggregateScore(Score.ZERO, Score.ZERO, Score.ZERO), result.get("rouge2"));
    }

    @Test
    void boundsAreOrderedAndWithinTheSample() {
        Random random = new Random(7);
        BootstrapAggregator aggregator = new BootstrapAggregator(0.95, 1000, SEED);
        for (int i = 0; i < 200; i++) {
            double p = random.nextDouble();
            double r = random.nextDouble();
            aggregator.add(Map.of("rouge1", Score.of(p, r)));
        }
        AggregateScore result = aggregator.aggregate().get("rouge1");
        assertTrue(result.low().precision() <= result.mid().precision());
        assertTrue(result.mid().precision() <= result.high().precision());
        assertTrue(result.low().fmeasure() <= result.high().fmeasure());
        // Uniform scores: the mean is 0.5 and the standard error about 0.29 / sqrt(200) = 0.02.
        assertEquals(0.5, result.mid().precision(), 0.06);
        double width = result.high().precision() - result.low().precision();
        assertTrue(width > 0.04 && width < 0.12, "95 % interval width " + width);
    }

    @Test
    void theSameSeedGivesTheSameAggregate() {
        assertEquals(threeScores(0.95).aggregate(), threeScores(0.95).aggregate());
        BootstrapAggregator a = new BootstrapAggregator(0.95, 100, 1);
        BootstrapAggregator b = new BootstrapAggregator(0.95, 100, 2);
        Random random = new Random(3);
        for (int i = 0; i < 30; i++) {
            Map<String, Score> pair = Map.of("rougeL", Score.of(random.nextDouble(), random.nextDouble()));
            a.add(pair);
            b.add(pair);
        }
        assertNotEquals(a.aggregate(), b.aggregate());
    }

    @Test
    void nothingAddedGivesNothing() {
        assertEquals(Map.of(), new BootstrapAggregator().aggregate());
    }

    @Test
    void rejectsBadArgumentsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BootstrapAggregator(1.5, 10, SEED));
        assertTrue(e.getMessage().contains("confidenceInterval") && e.getMessage().contains("1.5"));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapAggregator(-0.1, 10, SEED));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapAggregator(Double.NaN, 10, SEED));
        e = assertThrows(IllegalArgumentException.class, () -> new BootstrapAggregator(0.95, 0, SEED));
        assertTrue(e.getMessage().contains("nSamples") && e.getMessage().contains("0"));
    }
}
