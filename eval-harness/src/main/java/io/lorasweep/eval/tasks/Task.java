package io.lorasweep.eval.tasks;

import io.lorasweep.eval.LanguageModel;

/**
 * An evaluation: data + prompt + answer parser + metric. The agent calls {@link #run} once per trial (and the
 * baseline runner once per baseline key) with the trial's model; a new task is a new class registered in
 * {@link TaskRegistry}, and nothing else changes.
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

    /** Each item's share of the metrics that are ratios of sums, for paired tests; none unless a task says. */
    default ItemShares shares() {
        return ItemShares.NONE;
    }
}
