package io.lorasweep.eval.metrics.rouge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scores as rouge-score gives them. Most cases are rouge-score's own {@code rouge_scorer_test.py}
 * expectations; the rest are worked out by hand from its code.
 */
class RougeScorerTest {

    private static final double EXACT = 0.0;

    private static Score score(String type, String target, String prediction) {
        return new RougeScorer(List.of(type), false).score(target, prediction).get(type);
    }

    private static void assertScore(double precision, double recall, double fmeasure, Score actual, double delta) {
        assertEquals(precision, actual.precision(), delta, "precision");
        assertEquals(recall, actual.recall(), delta, "recall");
        assertEquals(fmeasure, actual.fmeasure(), delta, "fmeasure");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rougen", "rouge0", "rouge01", "rouge-1", "ROUGE1", "rougel", "rougeLSum", "", "bleu"})
    void rejectsUnknownTypesNamingThem(String type) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RougeScorer(List.of(type), false));
        assertTrue(e.getMessage().contains("'" + type + "'"), e.getMessage());
    }

    @Test
    void rejectsAnEmptyListOfTypes() {
        assertThrows(IllegalArgumentException.class, () -> new RougeScorer(List.of(), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rouge1", "rouge9", "rouge10", "rougeL", "rougeLsum"})
    void acceptsValidTypes(String type) {
        Map<String, Score> result = new RougeScorer(List.of(type), false).score("testing one two", "testing");
        assertEquals(List.of(type), List.copyOf(result.keySet()));
    }

    @Test
    void rouge1() {
        assertScore(1, 1.0 / 3, 0.5, score("rouge1", "testing one two", "testing"), 1e-12);
    }

    @Test
    void rouge2() {
        assertScore(1, 0.5, 2.0 / 3, score("rouge2", "testing one two", "testing one"), 1e-12);
    }

    @Test
    void rougeLConsecutiveAndNot() {
        assertScore(1, 2.0 / 3, 0.8, score("rougeL", "testing one two", "testing one"), 1e-12);
        assertScore(1, 2.0 / 3, 0.8, score("rougeL", "testing one two", "testing two"), 1e-12);
    }

    @Test
    void multipleTypesInTheOrderAsked() {
        Map<String, Score> result = new RougeScorer(List.of("rougeL", "rouge1", "rougeL"), false)
                .score("testing one two", "testing one");
        assertEquals(List.of("rougeL", "rouge1"), List.copyOf(result.keySet()));
        assertScore(1, 2.0 / 3, 0.8, result.get("rouge1"), 1e-12);
        assertScore(1, 2.0 / 3, 0.8, result.get("rougeL"), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rouge1", "rouge2", "rouge3", "rougeL", "rougeLsum"})
    void emptyOrTokenlessSideScoresZero(String type) {
        assertEquals(Score.ZERO, score(type, "testing one two", ""));
        assertEquals(Score.ZERO, score(type, "", "testing one two"));
        assertEquals(Score.ZERO, score(type, "", ""));
        assertEquals(Score.ZERO, score(type, "testing one two", "/ ... !"));
        assertEquals(Score.ZERO, score(type, "\n\n", "testing one two"));
    }

    @Test
    void ngramsNeedNTokensButTheDenominatorStaysAtLeastOne() {
        // The target has no bigram: recall is 0 / max(0, 1), not undefined.
        assertEquals(Score.ZERO, score("rouge2", "testing", "testing one"));
        assertScore(1, 1, 1, score("rouge3", "one two three", "One, two; three!"), EXACT);
    }

    @Test
    void targetComesFirst() {
        // Precision is over the prediction (second argument), recall over the target (first).
        assertScore(1, 0.5, Score.fmeasure(1, 0.5), score("rouge1", "a b c d", "a b"), EXACT);
        assertScore(0.5, 1, Score.fmeasure(0.5, 1), score("rouge1", "a b", "a b c d"), EXACT);
    }

    @Test
    void countsAreClipped() {
        // Three "the" in the target, five in the prediction: three match.
        Score score = score("rouge1", "the the the cat", "the the the the the");
        assertScore(0.6, 0.75, 2 * 0.6 * 0.75 / (0.6 + 0.75), score, EXACT);
        // The formula's own rounding is kept: not exactly 2/3.
        assertEquals(0.6666666666666665, score.fmeasure(), EXACT);
    }

    @Test
    void wordOrderMattersForRouge2AndRougeLOnly() {
        Map<String, Score> result = RougeScorer.withDefaultTypes(false).score("a b c d e f", "f e d c b a");
        assertEquals(new Score(1, 1, 1), result.get("rouge1"));
        assertEquals(Score.ZERO, result.get("rouge2"));
        assertScore(1.0 / 6, 1.0 / 6, 1.0 / 6, result.get("rougeL"), 1e-15);
        assertEquals(result.get("rougeL"), result.get("rougeLsum"));
    }

    @Test
    void rougeLsumAsInRougeScoresTest() {
        Score score = score("rougeLsum", "w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5");
        assertScore(0.4, 0.8, 0.5333, score, 1e-4);
        assertEquals(0.4, score.precision(), EXACT);
        assertEquals(0.8, score.recall(), EXACT);
        // Here rougeL finds the same four tokens (w1 w2 w3 w5) across the line break.
        assertEquals(score, score("rougeL", "w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5"));
    }

    @Test
    void rougeLsumSplitsOnLineFeedOnly() {
        // "\r" stays in the sentence and tokenizes away; blank and empty lines add nothing.
        Score crlf = score("rougeLsum", "one two\r\nthree four", "one two\nthree");
        assertScore(1, 0.75, Score.fmeasure(1, 0.75), crlf, EXACT);
        assertEquals(crlf, score("rougeLsum", "\n\none two\n \nthree four\n", "one two\n\n\nthree"));
        // Each reference sentence is matched on its own, so sentence order does not matter to rougeLsum.
        assertEquals(new Score(1, 1, 1), score("rougeLsum", "one two\nthree four", "three four one two"));
        assertEquals(new Score(0.5, 0.5, 0.5), score("rougeL", "one two\nthree four", "three four one two"));
    }

    @Test
    void stemmingMergesInflections() {
        Map<String, Score> stemmed = new RougeScorer(List.of("rouge1"), true).score("The cats are running",
                "a cat runs");
        assertScore(2.0 / 3, 0.5, Score.fmeasure(2.0 / 3, 0.5), stemmed.get("rouge1"), EXACT);
        assertEquals(Score.ZERO, score("rouge1", "The cats are running", "a cat runs"));
    }

    @Test
    void caseAndPunctuationDoNotMatter() {
        assertEquals(new Score(1, 1, 1), score("rougeL", "The quick, brown fox!", "the QUICK brown... fox"));
    }

    @Test
    void reportsItsConfiguration() {
        RougeScorer scorer = RougeScorer.withDefaultTypes(true);
        assertEquals(List.of("rouge1", "rouge2", "rougeL", "rougeLsum"), scorer.rougeTypes());
        assertTrue(scorer.usesStemmer());
    }

    @Test
    void rejectsNullTexts() {
        RougeScorer scorer = RougeScorer.withDefaultTypes(false);
        assertThrows(NullPointerException.class, () -> scorer.score(null, "a"));
        assertThrows(NullPointerException.class, () -> scorer.score("a", null));
    }
}
