package io.lorasweep.eval.metrics;

import java.util.List;

/**
 * Scores one multiple-choice question from the log-likelihoods of its choices, as lm-evaluation-harness's
 * {@code multiple_choice} output type does: the prediction is the first choice with the highest log-likelihood
 * ({@code np.argmax}); {@code acc_norm} divides each log-likelihood by the character length of the choice string
 * (the harness's {@code doc_to_choice}, e.g. "A", not the continuation " A"). For MMLU all choices are one
 * letter, so acc_norm equals acc there.
 *
 * @param prediction     index of the predicted choice
 * @param predictionNorm index of the predicted choice after length normalisation
 * @param gold           index of the correct choice
 */
public record MultipleChoiceScore(int prediction, int predictionNorm, int gold) {

    public static MultipleChoiceScore of(List<Double> logLikelihoods, List<String> choices, int gold) {
        if (logLikelihoods.isEmpty() || logLikelihoods.size() != choices.size()) {
            throw new IllegalArgumentException("logLikelihoods must have one value per choice, got "
                    + logLikelihoods.size() + " values for " + choices.size() + " choices");
        }
        if (gold < 0 || gold >= choices.size()) {
            throw new IllegalArgumentException("gold must index a choice (0.." + (choices.size() - 1) + "), got " + gold);
        }
        double[] normalised = new double[choices.size()];
        double[] raw = new double[choices.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = logLikelihoods.get(i);
            normalised[i] = raw[i] / choices.get(i).length();
        }
        return new MultipleChoiceScore(argmax(raw), argmax(normalised), gold);
    }

    public double acc() {
        return prediction == gold ? 1.0 : 0.0;
    }

    public double accNorm() {
        return predictionNorm == gold ? 1.0 : 0.0;
    }

    /** First index of the maximum, NaN counting as the maximum, as numpy's argmax does. */
    static int argmax(double[] values) {
        int best = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                return i;
            }
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
