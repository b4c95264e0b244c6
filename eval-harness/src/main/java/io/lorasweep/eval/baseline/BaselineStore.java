package io.lorasweep.eval.baseline;

import io.lorasweep.eval.tasks.TaskResult;

import java.util.Optional;

/**
 * Where computed baselines are kept, so each is computed once per {@link BaselineKey} and reused by every trial.
 * Implementations: {@link InMemoryBaselineStore}; a ClickHouse one elsewhere. A store that persists must keep the
 * per-item records ({@link TaskResult#items()}: id, group, values, sequences, output), since paired tests against
 * the baseline recompute metrics from them; the aggregation is a function, not data, so a persisted result comes
 * back with {@link io.lorasweep.eval.tasks.Aggregation#NOT_STORED} and is compared from the candidate's side.
 */
public interface BaselineStore {

    Optional<TaskResult> get(BaselineKey key);

    /** Stores {@code result} under {@code key}, replacing what was there. */
    void put(BaselineKey key, TaskResult result);
}
