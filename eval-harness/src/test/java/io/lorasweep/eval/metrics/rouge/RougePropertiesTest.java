package io.lorasweep.eval.metrics.rouge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Invariants of rouge-score's definitions, checked on a few thousand generated (prediction, reference) pairs. */
class RougePropertiesTest {

    private static final int PAIRS = 3000;
    private static final List<String> TYPES = List.of("rouge1", "rouge2", "rouge3", "rougeL", "rougeLsum");
    private static final String[] WORDS = {
        "the", "a", "cat", "cats", "dog", "dogs", "running", "runs", "ran", "jumped", "jumping", "happy",
        "happiness", "generously", "relational", "hopeful", "sky", "skies", "news", "42", "x7", "The", "CAT",
        "Dog", "café", "naïve",
    };
    private static final String[] SEPARATORS = {" ", " ", " ", "  ", ", ", ". ", "\n", "\n\n", " - ", "\r\n", "\t"};

    private final RougeScorer plain = new RougeScorer(TYPES, false);
    private final RougeScorer stemming = new RougeScorer(TYPES, true);

    private static String text(Random random, boolean singleLine) {
        StringBuilder text = new StringBuilder();
        int words = random.nextInt(30);
        for (int i = 0; i < words; i++) {
            text.append(WORDS[random.nextInt(WORDS.length)]);
            String separator = SEPARATORS[random.nextInt(SEPARATORS.length)];
            text.append(singleLine && separator.contains("\n") ? " " : separator);
        }
        return text.toString();
    }

    @Test
    void scoresAreProbabilitiesAndFIsBetweenPAndR() {
        Random random = new Random(1);
        for (int i = 0; i < PAIRS; i++) {
            String target = text(random, false);
            String prediction = text(random, false);
            for (RougeScorer scorer : List.of(plain, stemming)) {
                for (Map.Entry<String, Score> entry : scorer.score(target, prediction).entrySet()) {
                    Score s = entry.getValue();
                    String where = entry.getKey() + " of " + prediction + " | " + target;
                    for (double v : new double[] {s.precision(), s.recall(), s.fmeasure()}) {
                        assertTrue(v >= 0 && v <= 1, where + ": " + s);
                    }
                    assertTrue(s.fmeasure() >= Math.min(s.precision(), s.recall()) - 1e-12, where);
                    assertTrue(s.fmeasure() <= Math.max(s.precision(), s.recall()) + 1e-12, where);
                    assertEquals(Score.fmeasure(s.precision(), s.recall()), s.fmeasure(), 0.0, where);
                }
            }
        }
    }

    @Test
    void swappingTheArgumentsSwapsPrecisionAndRecallForNgramsAndRougeL() {
        Random random = new Random(2);
        for (int i = 0; i < PAIRS; i++) {
            String a = text(random, false);
            String b = text(random, false);
            Map<String, Score> ab = plain.score(a, b);
            Map<String, Score> ba = plain.score(b, a);
            for (String type : List.of("rouge1", "rouge2", "rouge3", "rougeL")) {
                Score x = ab.get(type);
                Score y = ba.get(type);
                assertEquals(new Score(y.recall(), y.precision(), y.fmeasure()), x, type + " of " + a + " | " + b);
            }
        }
    }

    @Test
    void rougeLsumEqualsRougeLForSingleSentenceTexts() {
        Random random = new Random(3);
        for (int i = 0; i < PAIRS; i++) {
            String target = text(random, true);
            String prediction = text(random, true);
            for (RougeScorer scorer : List.of(plain, stemming)) {
                Map<String, Score> result = scorer.score(target, prediction);
                assertEquals(result.get("rougeL"), result.get("rougeLsum"), prediction + " | " + target);
            }
        }
    }

    @Test
    void lcsScoresNeverExceedUnigramOverlap() {
        // An LCS (and every union-LCS hit, thanks to rouge-score's bookkeeping) uses each token occurrence once.
        Random random = new Random(4);
        for (int i = 0; i < PAIRS; i++) {
            String target = text(random, false);
            String prediction = text(random, false);
            Map<String, Score> result = stemming.score(target, prediction);
            Score unigram = result.get("rouge1");
            for (String type : List.of("rougeL", "rougeLsum")) {
                Score lcs = result.get(type);
                assertTrue(lcs.precision() <= unigram.precision(), type + " of " + prediction + " | " + target);
                assertTrue(lcs.recall() <= unigram.recall(), type + " of " + prediction + " | " + target);
            }
        }
    }

    @Test
    void stemmingNeverLowersRouge1() {
        // Stemming keeps the token count and only merges types, and sum(min) can only grow when types merge.
        Random random = new Random(5);
        for (int i = 0; i < PAIRS; i++) {
            String target = text(random, false);
            String prediction = text(random, false);
            Score without = plain.score(target, prediction).get("rouge1");
            Score with = stemming.score(target, prediction).get("rouge1");
            assertTrue(with.precision() >= without.precision(), prediction + " | " + target);
            assertTrue(with.recall() >= without.recall(), prediction + " | " + target);
        }
    }

    @Test
    void aTextMatchesItselfWhateverItsCaseAndBlankLines() {
        Random random = new Random(6);
        for (int i = 0; i < PAIRS; i++) {
            String text = text(random, false);
            List<String> tokens = new RougeTokenizer(false).tokenize(text);
            Map<String, Score> result = plain.score(text.toUpperCase(Locale.ROOT).replace("\n", "\n\n"), text);
            for (String type : TYPES) {
                int n = type.startsWith("rougeL") ? 1 : type.charAt(5) - '0';
                Score expected = tokens.size() >= n ? new Score(1, 1, 1) : Score.ZERO;
                assertEquals(expected, result.get(type), type + " of " + text);
            }
        }
    }
}
