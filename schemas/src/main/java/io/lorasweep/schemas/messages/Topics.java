package io.lorasweep.schemas.messages;

import java.util.List;

/** The Kafka topics of LoRA Sweep. */
public final class Topics {

    /** {@link TrialAssignment}s, controller to agents. */
    public static final String TRIALS = "lora.trials";
    /** {@link TrialEvent}s, agents to controller. */
    public static final String EVENTS = "lora.events";
    /** {@link Control} orders, controller to agents. */
    public static final String CONTROL = "lora.control";
    /** {@link DeadLetter}s: messages a consumer refused, kept for inspection. */
    public static final String DEAD_LETTER = "lora.dead-letter";

    public static final List<String> ALL = List.of(TRIALS, EVENTS, CONTROL, DEAD_LETTER);

    private Topics() {
    }

    /**
     * The record key for messages about one trial: keying by trial keeps its assignment, events and controls
     * each in order within one partition.
     */
    public static String trialKey(String sweepId, int trialId) {
        return sweepId + "/" + trialId;
    }
}
