package io.lorasweep.controller.store;

import java.util.function.LongSupplier;

/**
 * The versions of the rows the controller rewrites ({@code sweeps} and {@code trials}, ReplacingMergeTree on
 * {@code updated_at}): the wall clock in milliseconds, but each one above the one before and above every version
 * on record, so a clock stepped back (NTP, a restart on another host) never lets an older state win under FINAL.
 */
public final class VersionClock {

    private final LongSupplier wall;
    private long last;

    public VersionClock(LongSupplier wall) {
        this.wall = wall;
    }

    /** At restore: no version handed out from now on is at or below {@code onRecord}. */
    public synchronized void seed(long onRecord) {
        last = Math.max(last, onRecord);
    }

    public synchronized long next() {
        last = Math.max(wall.getAsLong(), last + 1);
        return last;
    }
}
