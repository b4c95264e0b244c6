package io.lorasweep.schemas.db;

import io.lorasweep.schemas.spec.EvalTask;
import io.lorasweep.schemas.spec.SweepSpec;
import java.util.List;

/**
 * The key a base model's k-shot baseline is kept under in {@code baselines}: the base model, the task, the task's
 * data and its shots. The controller writes and reuses baselines by it and every dashboard reader looks them up by
 * it, so a gate, a gain or a table never compares a trial with a baseline measured on other data or other shots.
 */
public record BaselineKey(String baseModel, String task, String data, int shots) {

    /** The columns of the key with the {@code ?} of each value in {@link #values()}, for a WHERE clause. */
    public static final String CONDITION = "base_model = ? AND task = ? AND data = ? AND shots = ?";

    /** A task's key in a sweep: its own shots if it names them, else the sweep's baseline shots. */
    public static BaselineKey of(String baseModel, String task, String data, Integer taskShots, int baselineShots) {
        return new BaselineKey(baseModel, task, data == null ? "" : data,
                taskShots != null ? taskShots : baselineShots);
    }

    public static BaselineKey of(SweepSpec spec, EvalTask task) {
        return of(spec.baseModel(), task.name(), task.data(), task.shots(), spec.baseline().shots());
    }

    /** The values of {@link #CONDITION}'s placeholders, in order. */
    public List<Object> values() {
        return List.of(baseModel, task, data, shots);
    }
}
