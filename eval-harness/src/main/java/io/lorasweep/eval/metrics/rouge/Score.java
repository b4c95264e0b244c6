package io.lorasweep.eval.metrics.rouge;

/**
 * Precision, recall and their harmonic mean for one ROUGE type, as {@code rouge_score.scoring.Score}.
 *
 * @param precision matched units over the prediction's units
 * @param recall    matched units over the target's units
 * @param fmeasure  {@code 2 * p * r / (p + r)}, or 0 when both are 0
 */
public record Score(double precision, double recall, double fmeasure) {

    /** What every ROUGE type reports when the prediction or the target has no tokens. */
    public static final Score ZERO = new Score(0.0, 0.0, 0.0);

    /** A score whose f-measure is computed from precision and recall by {@link #fmeasure(double, double)}. */
    public static Score of(double precision, double recall) {
        return new Score(precision, recall, fmeasure(precision, recall));
    }

    /**
     * The balanced F-measure exactly as rouge-score evaluates it: {@code 2 * p * r / (p + r)} in that order of
     * operations (so results agree to the last bit), and 0.0 when {@code p + r} is not positive.
     */
    public static double fmeasure(double precision, double recall) {
        if (precision + recall > 0) {
            return 2 * precision * recall / (precision + recall);
        }
        return 0.0;
    }
}
