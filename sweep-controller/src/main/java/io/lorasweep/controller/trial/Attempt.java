package io.lorasweep.controller.trial;

import java.util.List;

/** One attempt at a trial, with its lease. Mutated only by {@link SweepRun}. */
public final class Attempt {

    final int number;
    final String leaseId;
    final long assignedAt;
    AttemptState state = AttemptState.ASSIGNED;
    long leaseDeadline;
    String agentId = "";
    String device = "";
    Long startedAt;
    /** The newest event time the agent reported for this attempt: its clock, like {@link #startedAt}. */
    Long lastHeardAt;
    Long endedAt;
    Double objective;
    /** Every objective's value once complete, in the spec's order, when the sweep has several; else empty. */
    List<Double> objectives = List.of();
    /** The newest value of each objective beyond the first that the trial reports as a training metric. */
    final java.util.Map<String, Double> reportedObjectives = new java.util.HashMap<>();
    String reason = "";
    long lastStep = -1;
    double lastValue = Double.NaN;
    double deviceSeconds;
    double costUsd;
    String adapterPath = "";
    String adapterSha256 = "";
    /** The objective's intermediate values by step, and the pruner's rung records (successive halving). */
    final java.util.TreeMap<Long, Double> intermediate = new java.util.TreeMap<>();
    final java.util.TreeMap<Integer, Double> rungs = new java.util.TreeMap<>();

    /**
     * Ids of the events applied while the attempt is live, so a redelivery changes nothing. Dropped when it ends:
     * what acts on an ended attempt (a stop's acknowledgement, a late start) applies once by its own test.
     */
    private java.util.Set<String> seenEvents = new java.util.HashSet<>();

    Attempt(int number, String leaseId, long assignedAt, long leaseDeadline) {
        this.number = number;
        this.leaseId = leaseId;
        this.assignedAt = assignedAt;
        this.leaseDeadline = leaseDeadline;
    }

    /** False for an event already applied to this live attempt. */
    boolean firstDelivery(String eventId) {
        return state.terminal() || seenEvents.add(eventId);
    }

    int eventsRemembered() {
        return seenEvents.size();
    }

    void end(AttemptState terminal) {
        if (!terminal.terminal()) {
            throw new IllegalArgumentException(terminal + " does not end an attempt");
        }
        state = terminal;
        seenEvents = new java.util.HashSet<>(0);
    }

    public int number() {
        return number;
    }

    public String leaseId() {
        return leaseId;
    }

    public AttemptState state() {
        return state;
    }

    public long leaseDeadline() {
        return leaseDeadline;
    }

    public String agentId() {
        return agentId;
    }

    public String device() {
        return device;
    }

    public Long startedAt() {
        return startedAt;
    }

    public Long endedAt() {
        return endedAt;
    }

    public Double objective() {
        return objective;
    }

    /** Every objective's value of a complete attempt of a sweep with several objectives; else empty. */
    public List<Double> objectives() {
        return objectives;
    }

    public String reason() {
        return reason;
    }

    public long lastStep() {
        return lastStep;
    }

    public double lastValue() {
        return lastValue;
    }

    public double deviceSeconds() {
        return deviceSeconds;
    }

    public double costUsd() {
        return costUsd;
    }

    public String adapterPath() {
        return adapterPath;
    }

    public String adapterSha256() {
        return adapterSha256;
    }

    public java.util.SortedMap<Long, Double> intermediate() {
        return java.util.Collections.unmodifiableSortedMap(intermediate);
    }

    public java.util.SortedMap<Integer, Double> rungs() {
        return java.util.Collections.unmodifiableSortedMap(rungs);
    }

    /** A pruner's record that this attempt finished {@code rung} with {@code value}. */
    public void recordRung(int rung, double value) {
        rungs.put(rung, value);
    }
}
