package io.lorasweep.eval.metrics;

import io.lorasweep.eval.LanguageModel.RollingLogLikelihood;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PerplexityTest {

    @Test
    void tokenWeightedAcrossDocuments() {
        // 10 tokens at NLL 2 each and 30 at NLL 1 each: mean NLL 50/40, not the mean of exp(2) and exp(1)
        double ppl = Perplexity.of(List.of(new RollingLogLikelihood(-20, 10), new RollingLogLikelihood(-30, 30)));
        assertEquals(Math.exp(50.0 / 40.0), ppl, 1e-12);
    }

    @Test
    void uniformModelOverVocabularyHasPerplexityOfVocabularySize() {
        double ppl = Perplexity.of(List.of(new RollingLogLikelihood(7 * Math.log(1.0 / 50), 7)));
        assertEquals(50.0, ppl, 1e-9);
    }

    @Test
    void rejectsNothingPredictedAndImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> Perplexity.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Perplexity.of(List.of(new RollingLogLikelihood(0, 0))));
        assertThrows(IllegalArgumentException.class, () -> Perplexity.of(List.of(new RollingLogLikelihood(1, 3))));
        assertThrows(IllegalArgumentException.class,
                () -> Perplexity.of(List.of(new RollingLogLikelihood(Double.NEGATIVE_INFINITY, 3))));
    }
}
