package io.lorasweep.eval.metrics.seqeval;

/**
 * Precision, recall and F1 of one entity type or of one average, with the support (true entities counted).
 *
 * <p>A macro average over no types at all is NaN in all three scores, as numpy's mean of an empty array is in
 * seqeval.
 */
public record TypeScores(double precision, double recall, double f1, int support) {

    public TypeScores {
        if (support < 0) {
            throw new IllegalArgumentException("support must be >= 0, got " + support);
        }
    }
}
