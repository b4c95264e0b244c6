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

    /** The controllers' lock: one partition, whose owner in the lock group is the one controller that runs. */
    public static final String CONTROLLER_LOCK = "lora.controller-lock";

    /** The prefix of every consumer group of controllers (events, dead letters, the lock). */
    public static final String CONTROLLER_GROUPS = "lora-sweep-controller";
    /** The prefix of every consumer group of agents (the shared trial queue, each agent's own control feed). */
    public static final String AGENT_GROUPS = "lora-sweep-agent";

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
