package io.lorasweep.eval.metrics.seqeval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of seqeval's {@code _precision_recall_fscore_support} with beta = 1, in numpy's float64 order
 * of operations: per-type ratios of counts, then micro (counts summed first), macro (numpy mean) and weighted
 * (numpy average with the supports as weights).
 */
final class PrecisionRecallF1 {

    private PrecisionRecallF1() {
    }

    /**
     * @param types     entity types in report order
     * @param correct   per type, predicted entities that are true entities
     * @param predicted per type, predicted entities
     * @param truth     per type, true entities
     */
    static SeqevalReport report(List<String> types, int[] correct, int[] predicted, int[] truth,
            ZeroDivision zeroDivision) {
        int n = types.size();
        double[] precision = new double[n];
        double[] recall = new double[n];
        double[] f1 = new double[n];
        Map<String, TypeScores> perType = new LinkedHashMap<>();
        int correctSum = 0;
        int predictedSum = 0;
        int truthSum = 0;
        for (int i = 0; i < n; i++) {
            precision[i] = divide(correct[i], predicted[i], zeroDivision);
            recall[i] = divide(correct[i], truth[i], zeroDivision);
            f1[i] = f1(precision[i], recall[i]);
            perType.put(types.get(i), new TypeScores(precision[i], recall[i], f1[i], truth[i]));
            correctSum += correct[i];
            predictedSum += predicted[i];
            truthSum += truth[i];
        }

        double microPrecision = divide(correctSum, predictedSum, zeroDivision);
        double microRecall = divide(correctSum, truthSum, zeroDivision);
        double microF1 = f1(microPrecision, microRecall);

        // numpy's mean of an empty array is NaN (with a RuntimeWarning): so is seqeval's macro over no types.
        TypeScores macro = new TypeScores(PairwiseSum.sum(precision) / n, PairwiseSum.sum(recall) / n,
                PairwiseSum.sum(f1) / n, truthSum);

        TypeScores weighted;
        if (truthSum == 0) {
            // seqeval returns early: recall is the zero-division value, precision and F1 too unless something
            // was predicted, in which case they are 0.
            double z = zeroDivision.value();
            weighted = new TypeScores(predictedSum == 0 ? z : 0.0, z, predictedSum == 0 ? z : 0.0, 0);
        } else {
            double[] weights = new double[n];
            for (int i = 0; i < n; i++) {
                weights[i] = truth[i];
            }
            double scale = PairwiseSum.sum(weights);
            weighted = new TypeScores(weightedSum(precision, weights) / scale, weightedSum(recall, weights) / scale,
                    weightedSum(f1, weights) / scale, truthSum);
        }
        return new SeqevalReport(microPrecision, microRecall, microF1, truthSum, predictedSum, correctSum, perType,
                macro, weighted);
    }

    /** seqeval's {@code _prf_divide}: the ratio, or the zero-division value when the denominator is 0. */
    static double divide(int numerator, int denominator, ZeroDivision zeroDivision) {
        return denominator == 0 ? zeroDivision.value() : (double) numerator / (double) denominator;
    }

    /** F1 as seqeval computes F-beta for beta = 1: {@code (1 + 1) * p * r / (1 * p + r)}, 0 when p + r is 0. */
    static double f1(double precision, double recall) {
        double denominator = precision + recall;
        if (denominator == 0.0) {
            denominator = 1.0;
        }
        return 2.0 * precision * recall / denominator;
    }

    private static double weightedSum(double[] values, double[] weights) {
        double[] products = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            products[i] = values[i] * weights[i];
        }
        return PairwiseSum.sum(products);
    }
}
