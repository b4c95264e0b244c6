package io.lorasweep.eval.metrics.seqeval;

/**
 * The value seqeval's {@code zero_division} gives an ill-defined score: precision of a type never predicted,
 * recall of a type never in the truth.
 */
public enum ZeroDivision {
    /** seqeval's default {@code "warn"}: 0, and Python would warn (no warning is emitted here). */
    WARN,
    /** seqeval's {@code 0}. */
    ZERO,
    /** seqeval's {@code 1}. */
    ONE;

    double value() {
        return this == ONE ? 1.0 : 0.0;
    }
}
