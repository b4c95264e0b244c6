package io.lorasweep.eval.baseline;

/**
 * Identifies a baseline: the base model without adapter, on one task's data and prompt, with k shots. Every
 * trial of a sweep with the same key compares against the same baseline numbers.
 *
 * @param baseModel       the base model, e.g. its folder name or hub id and revision
 * @param task            the task's name
 * @param dataFingerprint {@link io.lorasweep.eval.tasks.Task#fingerprint()}: data, prompt version and options
 * @param shots           in-context examples
 */
public record BaselineKey(String baseModel, String task, String dataFingerprint, int shots) {

    public BaselineKey {
        if (baseModel == null || baseModel.isBlank()) {
            throw new IllegalArgumentException("baseModel must not be blank, got '" + baseModel + "'");
        }
        if (task == null || task.isBlank()) {
            throw new IllegalArgumentException("task must not be blank, got '" + task + "'");
        }
        if (dataFingerprint == null || dataFingerprint.isBlank()) {
            throw new IllegalArgumentException("dataFingerprint must not be blank, got '" + dataFingerprint + "'");
        }
        if (shots < 0) {
            throw new IllegalArgumentException("shots must be >= 0, got " + shots);
        }
    }
}
