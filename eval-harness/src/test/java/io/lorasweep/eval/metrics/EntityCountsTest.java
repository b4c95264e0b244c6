package io.lorasweep.eval.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EntityCountsTest {

    @Test
    void precisionRecallF1() {
        EntityCounts c = new EntityCounts(3, 1, 2);
        assertEquals(0.75, c.precision(), 1e-15);
        assertEquals(0.6, c.recall(), 1e-15);
        assertEquals(2 * 0.75 * 0.6 / 1.35, c.f1(), 1e-15);
        assertEquals(5, c.support());
    }

    @Test
    void emptyDenominatorsGiveZero() {
        assertEquals(0.0, EntityCounts.ZERO.f1());
        assertEquals(0.0, new EntityCounts(0, 0, 4).precision());
        assertEquals(0.0, new EntityCounts(0, 2, 0).recall());
    }

    @Test
    void rejectsNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> new EntityCounts(-1, 0, 0));
    }
}
