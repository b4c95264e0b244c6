package io.lorasweep.eval.tasks;

import java.util.List;

/**
 * A task a sweep can train on ({@code dataset.task} in the spec): it renders its own documents as training
 * examples with the renderer it scores with, so an adapter is scored on the layout it learned. The prompt is the
 * zero-shot prompt of {@link #run} byte for byte and the target is what its answer parser reads (ending where
 * generation would stop).
 */
public interface TrainableTask extends Task {

    /** Every document of the training split ({@code train.jsonl}), in file order. */
    List<PromptedExample> trainingExamples();

    /**
     * The documents the eval loss is taken on: the validation split ({@code validation.jsonl}) when the task's
     * folder has one, else the test items this task scores (then a sweep that selects on eval loss has seen them).
     */
    List<PromptedExample> validationExamples();
}
