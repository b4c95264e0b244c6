package io.lorasweep.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.dashboard.baseline.ItemShares;
import io.lorasweep.schemas.messages.EvalItems.Transform;
import io.lorasweep.stats.Difference;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedDifferenceTest {

    /** Accuracy over {@code n} items, the first {@code correct} of them right. */
    private static ItemShares accuracy(int n, int correct) {
        Map<String, double[]> items = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            items.put("q" + i, new double[] {i < correct ? 1 : 0, 1});
        }
        return new ItemShares(Transform.RATIO, items);
    }

    @Test
    void pairingFindsAGainThatSeparateIntervalsMiss() {
        // the adapter gets 20 more of 400 questions right and none wrong that the base model got right
        ItemShares base = accuracy(400, 200);
        ItemShares tuned = accuracy(400, 220);
        Difference paired = base.pairedTo(tuned, false);
        assertEquals(0.05, paired.difference(), 1e-12);
        assertTrue(paired.paired());
        assertTrue(paired.low() > 0 && paired.significant() && paired.gain(), paired.toString());
        assertTrue(paired.high() <= 0.05 + 0.04, paired.toString());
        // each side's own 95% interval at n = 400 is about ±0.049: separately, they overlap too much to tell
        Difference separate = Difference.unpaired(0.50, 0.451, 0.549, 0.55, 0.501, 0.599, false);
        assertFalse(separate.significant());
        assertFalse(separate.paired());
    }

    @Test
    void identicalRunsDifferByExactlyNothing() {
        Difference d = accuracy(50, 20).pairedTo(accuracy(50, 20), false);
        assertEquals(0, d.difference());
        assertEquals(0, d.low());
        assertEquals(0, d.high());
        assertFalse(d.significant());
    }

    @Test
    void ratiosArePooledNotAveraged() {
        // F1 as (2tp, 2tp + fp + fn): item a has 1 tp of 1 entity, item b 0 tp and 3 misses
        ItemShares before = new ItemShares(Transform.RATIO, Map.of("a", new double[] {2, 2}, "b", new double[] {0, 3}));
        ItemShares after = new ItemShares(Transform.RATIO, Map.of("a", new double[] {2, 2}, "b", new double[] {4, 5}));
        assertEquals(2.0 / 5, before.value(), 1e-15);
        assertEquals(6.0 / 7, after.value(), 1e-15);
        assertEquals(6.0 / 7 - 2.0 / 5, before.pairedTo(after, false).difference(), 1e-15);
        // perplexity: exp of pooled nll over pooled tokens; lower is better
        ItemShares ppl = new ItemShares(Transform.EXP, Map.of("d1", new double[] {10, 5}, "d2", new double[] {2, 5}));
        assertEquals(Math.exp(12.0 / 10), ppl.value(), 1e-12);
    }

    @Test
    void theSameRunsGiveTheSameIntervalOnEveryLoad() {
        assertEquals(accuracy(300, 120).pairedTo(accuracy(300, 140), false),
                accuracy(300, 120).pairedTo(accuracy(300, 140), false));
    }

    @Test
    void runsOnDifferentItemsCannotBePaired() {
        assertFalse(accuracy(10, 5).pairsWith(accuracy(11, 5)));
        assertThrows(IllegalArgumentException.class, () -> accuracy(10, 5).pairedTo(accuracy(11, 5), false));
    }
}
