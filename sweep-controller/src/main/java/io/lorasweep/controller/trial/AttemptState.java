package io.lorasweep.controller.trial;

/**
 * The life of one attempt at a trial: assigned (a lease is out) → running (heartbeats renew the lease) → one end.
 * LOST is the end of an attempt whose lease ran out; the trial is then retried as a new attempt.
 */
public enum AttemptState {
    ASSIGNED, RUNNING, COMPLETE, PRUNED, FAILED, DIVERGED, LOST, CANCELLED;

    public boolean terminal() {
        return this != ASSIGNED && this != RUNNING;
    }

    /** Whether the attempt holds a device (counts against max_parallel). */
    public boolean active() {
        return !terminal();
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static AttemptState fromWire(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
