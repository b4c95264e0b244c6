package io.lorasweep.eval.metrics;

/**
 * True positives, false positives and false negatives of one entity class, and the precision, recall and F1
 * they give. An empty denominator gives 0, as seqeval and scikit-learn do by default.
 */
public record EntityCounts(long truePositives, long falsePositives, long falseNegatives) {

    public static final EntityCounts ZERO = new EntityCounts(0, 0, 0);

    public EntityCounts {
        if (truePositives < 0 || falsePositives < 0 || falseNegatives < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got tp=" + truePositives + ", fp="
                    + falsePositives + ", fn=" + falseNegatives);
        }
    }

    public EntityCounts plus(EntityCounts other) {
        return new EntityCounts(truePositives + other.truePositives, falsePositives + other.falsePositives,
                falseNegatives + other.falseNegatives);
    }

    /** Gold entities of the class. */
    public long support() {
        return truePositives + falseNegatives;
    }

    public double precision() {
        long d = truePositives + falsePositives;
        return d == 0 ? 0.0 : (double) truePositives / d;
    }

    public double recall() {
        long d = truePositives + falseNegatives;
        return d == 0 ? 0.0 : (double) truePositives / d;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }
}
