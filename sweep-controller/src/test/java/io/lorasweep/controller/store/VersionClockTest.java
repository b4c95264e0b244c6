package io.lorasweep.controller.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VersionClockTest {

    @Test
    void aClockSteppedBackNeverHandsOutAnOlderVersion() {
        AtomicLong wall = new AtomicLong(10_000);
        VersionClock versions = new VersionClock(wall::get);
        assertEquals(10_000, versions.next());
        assertEquals(10_001, versions.next(), "two writes in one millisecond still differ");
        wall.set(4_000); // NTP steps the clock back six seconds
        long afterStep = versions.next();
        assertTrue(afterStep > 10_001, "after the step: " + afterStep);
        wall.set(20_000);
        assertEquals(20_000, versions.next(), "the wall clock again once it is ahead");
    }

    @Test
    void aRestartSeedsFromTheNewestVersionOnRecord() {
        VersionClock versions = new VersionClock(() -> 5_000); // this host's clock is behind the last one's
        versions.seed(9_000);
        assertEquals(9_001, versions.next());
    }
}
