package io.lorasweep.eval.metrics.seqeval;

/**
 * The averages of seqeval's {@code precision_recall_fscore_support(average=...)}; per-type scores are its
 * {@code average=None}.
 */
public enum Average {
    /** Counts summed over all types, then divided: seqeval's {@code 'micro'}. */
    MICRO,
    /** Unweighted mean of the per-type scores: seqeval's {@code 'macro'}. */
    MACRO,
    /** Mean of the per-type scores weighted by each type's support: seqeval's {@code 'weighted'}. */
    WEIGHTED
}
