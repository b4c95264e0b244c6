package io.lorasweep.eval.baseline;

import io.lorasweep.eval.LanguageModel;
import io.lorasweep.eval.tasks.RunSettings;
import io.lorasweep.eval.tasks.Task;
import io.lorasweep.eval.tasks.TaskResult;

import java.util.Optional;

/**
 * The k-shot baseline: the base model without adapter on a task's test set, computed once per
 * {@link BaselineKey} and then served from the {@link BaselineStore}. Shots come from the task's own rule (the
 * first k dev questions for MMLU, a seeded draw from the training split otherwise), so the baseline sees exactly
 * the prompts a trial evaluated with the same settings sees.
 */
public final class BaselineRunner {

    /** The k of the k-shot baseline unless the spec says otherwise. */
    public static final int DEFAULT_SHOTS = io.lorasweep.schemas.spec.Baseline.DEFAULT_SHOTS;

    private final BaselineStore store;

    public BaselineRunner(BaselineStore store) {
        if (store == null) {
            throw new IllegalArgumentException("store must not be null");
        }
        this.store = store;
    }

    public static BaselineKey keyFor(String baseModel, Task task, RunSettings settings) {
        return new BaselineKey(baseModel, task.name(), task.fingerprint(), settings.shots());
    }

    /**
     * The stored baseline for ({@code baseModel}, task, shots), or runs {@code baseModel} (which must be the base
     * model without any adapter) and stores the result.
     *
     * @param baseModelName the identity of the base model in the key (not {@link LanguageModel#name()}, which may
     *                      vary with how it was loaded)
     */
    public TaskResult baseline(String baseModelName, LanguageModel baseModel, Task task, RunSettings settings) {
        BaselineKey key = keyFor(baseModelName, task, settings);
        Optional<TaskResult> cached = store.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        // two runners may race here; both compute the same numbers and the second put is harmless
        TaskResult result = task.run(baseModel, settings);
        store.put(key, result);
        return result;
    }
}
