package io.lorasweep.eval.tasks;

import io.lorasweep.eval.LanguageModel;

/**
 * An evaluation: data + prompt + answer parser + metric. The agent calls {@link #run} once per trial (and the
 * baseline runner once per baseline key) with the trial's model; a new task is a new class registered in
 * {@link TaskRegistry} (see there for what else names it).
 */
public interface Task {

    /** The task's name in reports and in {@code <task>/<metric>} metric names. */
    String name();

    /** Shots used when the spec does not say. */
    int defaultShots();

    /**
     * A digest of everything that decides the task's numbers apart from the model: the data files, the prompt
     * version and the task's options. Two tasks with the same fingerprint give the same numbers for the same model
     * and settings, which is what lets a baseline be reused.
     */
    String fingerprint();

    /** Scores {@code model} on the test items; per-item records and aggregate metrics with intervals. */
    TaskResult run(LanguageModel model, RunSettings settings);

    /**
     * How the prompts of {@link #run} with these settings would meet {@code model}'s context (the shots they would
     * hold, their lengths), found with {@link LanguageModel#contextTokens} alone, so a trial can refuse a task it
     * could not score before it trains rather than after. Null for a task without prompts.
     *
     * @throws IllegalArgumentException when not even the zero-shot prompt of some item fits, naming it
     */
    default PromptFit fit(LanguageModel model, RunSettings settings) {
        return null;
    }

    /** Each item's share of the metrics that are ratios of sums, for paired tests; none unless a task says. */
    default ItemShares shares() {
        return ItemShares.NONE;
    }
}
