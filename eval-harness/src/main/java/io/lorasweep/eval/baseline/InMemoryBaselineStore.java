package io.lorasweep.eval.baseline;

import io.lorasweep.eval.tasks.TaskResult;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link BaselineStore} for one process (tests, a single-machine CLI run). Thread-safe. */
public final class InMemoryBaselineStore implements BaselineStore {

    private final ConcurrentMap<BaselineKey, TaskResult> results = new ConcurrentHashMap<>();

    @Override
    public Optional<TaskResult> get(BaselineKey key) {
        return Optional.ofNullable(results.get(key));
    }

    @Override
    public void put(BaselineKey key, TaskResult result) {
        if (key == null || result == null) {
            throw new IllegalArgumentException("key and result must not be null, got " + key + ", " + result);
        }
        results.put(key, result);
    }

    public int size() {
        return results.size();
    }
}
