package io.lorasweep.eval.metrics;

import io.lorasweep.eval.LanguageModel.RollingLogLikelihood;

import java.util.List;

/**
 * Perplexity over a corpus: exp of the token-weighted mean negative log-likelihood, that is
 * {@code exp(-sum(logProb) / sum(tokens))} over all documents. Weighting by tokens (rather than averaging
 * per-document perplexities) makes a corpus the same number whether it is one document or many, which is what
 * the Hugging Face guide and lm-evaluation-harness's token-level perplexity compute.
 */
public final class Perplexity {

    private Perplexity() {
    }

    /** Perplexity of all documents taken together; every document must have a finite log-probability. */
    public static double of(List<RollingLogLikelihood> documents) {
        if (documents == null || documents.isEmpty()) {
            throw new IllegalArgumentException("documents must not be empty, got " + documents);
        }
        double logProb = 0;
        long tokens = 0;
        for (int i = 0; i < documents.size(); i++) {
            RollingLogLikelihood d = documents.get(i);
            if (d.tokens() < 0) {
                throw new IllegalArgumentException("documents[" + i + "].tokens must be >= 0, got " + d.tokens());
            }
            if (!Double.isFinite(d.logProb()) || d.logProb() > 0) {
                throw new IllegalArgumentException(
                        "documents[" + i + "].logProb must be finite and <= 0, got " + d.logProb());
            }
            logProb += d.logProb();
            tokens += d.tokens();
        }
        return fromTotals(-logProb, tokens);
    }

    /** Perplexity from a summed negative log-likelihood (natural log) and the number of predicted tokens. */
    public static double fromTotals(double negativeLogLikelihood, long tokens) {
        if (tokens <= 0) {
            throw new IllegalArgumentException("tokens must be > 0 (nothing was predicted), got " + tokens);
        }
        return Math.exp(negativeLogLikelihood / tokens);
    }
}
