package io.lorasweep.eval.metrics.rouge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RougeTokenizerTest {

    private final RougeTokenizer plain = new RougeTokenizer(false);
    private final RougeTokenizer stemming = new RougeTokenizer(true);

    @Test
    void lowercasesAndSplitsOnEverythingButAsciiLettersAndDigits() {
        assertEquals(List.of("the", "quick", "brown", "fox"), plain.tokenize("The QUICK brown-fox."));
        assertEquals(List.of("don", "t", "stop", "me", "now"), plain.tokenize("Don't stop_me\tnow!!\n"));
        assertEquals(List.of("route", "66", "exit", "12b"), plain.tokenize("Route 66, exit #12B"));
    }

    @Test
    void textWithoutLettersOrDigitsHasNoTokens() {
        assertEquals(List.of(), plain.tokenize(""));
        assertEquals(List.of(), plain.tokenize("   \n\t "));
        assertEquals(List.of(), plain.tokenize("/ -- ... ?!"));
    }

    @Test
    void nonAsciiLettersAreSeparatorsNotTransliterated() {
        assertEquals(List.of("caf", "na", "ve"), plain.tokenize("café naïve"));
        assertEquals(List.of("n", "c", "d"), plain.tokenize("Ünïcödé"));
        assertEquals(List.of(), plain.tokenize("Ωμέγα 東京 ٣"));
    }

    @Test
    void theTwoNonAsciiCharactersThatPythonLowercasesToAscii() {
        // KELVIN SIGN lowercases to a plain 'k'.
        assertEquals(List.of("kelvin"), plain.tokenize("\u212Aelvin"));
        // CAPITAL I WITH DOT ABOVE lowercases to "i" + COMBINING DOT ABOVE, and the dot splits the word.
        assertEquals(List.of("i", "stanbul"), plain.tokenize("\u0130stanbul"));
    }

    @Test
    void stemsOnlyTokensLongerThanThreeCharacters() {
        // "was" would stem to "wa" and "has" to "ha", but three-letter tokens are left alone.
        assertEquals(List.of("was", "it", "the", "sky", "tie", "die", "sky"),
                stemming.tokenize("Was it the Skies? Ties, dies; SKY"));
        assertEquals(List.of("cat", "run", "run", "gener", "has"),
                stemming.tokenize("cats runs running generously has"));
        assertEquals(List.of("cats", "runs", "running", "generously", "has"),
                plain.tokenize("cats runs running generously has"));
    }

    @Test
    void lowercasesBeforeStemmingSoTheIrregularFormsApply() {
        // The stemmer alone leaves "Skies" out of its irregular pool (see PorterStemmerTest); the tokenizer
        // lowercases first, so the token is "skies" and stems to "sky".
        assertEquals(List.of("sky", "news"), stemming.tokenize("SKIES News"));
    }

    @Test
    void reportsWhetherItStems() {
        assertTrue(stemming.usesStemmer());
        assertFalse(plain.usesStemmer());
    }

    @Test
    void rejectsNull() {
        assertThrows(NullPointerException.class, () -> plain.tokenize(null));
    }
}
