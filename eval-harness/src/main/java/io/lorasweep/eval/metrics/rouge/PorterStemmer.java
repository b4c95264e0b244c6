package io.lorasweep.eval.metrics.rouge;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The Porter stemmer exactly as NLTK's {@code nltk.stem.porter.PorterStemmer()} runs it in its default mode,
 * {@code NLTK_EXTENSIONS}. rouge-score stems with it, so ROUGE with stemming depends on its every detail.
 *
 * <p>Where NLTK's mode departs from Porter's 1980 paper:
 * <ul>
 *   <li>a small pool of irregular forms ("skies" → "sky", "dying" → "die", "news", "proceed", …) bypasses the
 *       algorithm; the pool is consulted with the word as given, before lowercasing, so "Sky" is stemmed normally
 *       (to "ski") while "sky" stays "sky";</li>
 *   <li>words of at most two characters are returned (lowercased) unchanged;</li>
 *   <li>step 1a: a four-letter word in -ies keeps -ie ("dies" → "die", "ties" → "tie");</li>
 *   <li>step 1b: any word in -ied loses -d when four letters long, else -ed → -i ("died" → "die",
 *       "spied" → "spi"), and nothing else of step 1b runs for it;</li>
 *   <li>the *o condition also holds for a two-letter vowel-consonant stem ("filing" and "oed" cases);</li>
 *   <li>step 1c: y → i only after a consonant that is not the first letter ("happy" → "happi",
 *       "enjoy" and "sky" unchanged, "cry" → "cri");</li>
 *   <li>step 2: -alli → -al is tried first and, when it applies, step 2 runs again on the result
 *       ("radicalli" → "radic"); -bli → -ble instead of -abli → -able; extra rules -fulli → -ful and
 *       -logi → -log, whose condition measures the stem together with its "l".</li>
 * </ul>
 *
 * <p>Rules within a step are tried in order and the first rule whose suffix matches ends the step, whether or
 * not its condition holds, as in NLTK's {@code _apply_rule_list}.
 *
 * <p>Characters are the {@code char}s of the string: identical to NLTK for any text in the Basic Multilingual
 * Plane (and ROUGE only ever passes {@code [a-z0-9]} tokens). Stateless and thread-safe.
 */
public final class PorterStemmer {

    /** NLTK's irregular forms: word → stem, bypassing the algorithm. */
    private static final Map<String, String> IRREGULAR_FORMS = Map.ofEntries(
            Map.entry("sky", "sky"), Map.entry("skies", "sky"),
            Map.entry("dying", "die"),
            Map.entry("lying", "lie"),
            Map.entry("tying", "tie"),
            Map.entry("news", "news"),
            Map.entry("innings", "inning"), Map.entry("inning", "inning"),
            Map.entry("outings", "outing"), Map.entry("outing", "outing"),
            Map.entry("cannings", "canning"), Map.entry("canning", "canning"),
            Map.entry("howe", "howe"),
            Map.entry("proceed", "proceed"),
            Map.entry("exceed", "exceed"),
            Map.entry("succeed", "succeed"));

    /** A suffix rule: when a word ends with {@code suffix}, it becomes stem + replacement if the stem passes. */
    private record Rule(String suffix, String replacement, Predicate<String> condition) {
    }

    private static final List<Rule> STEP_1A = List.of(
            new Rule("sses", "ss", stem -> true),
            new Rule("ies", "i", stem -> true),
            new Rule("ss", "ss", stem -> true),
            new Rule("s", "", stem -> true));

    private static final List<Rule> STEP_1C = List.of(
            new Rule("y", "i", stem -> stem.length() > 1 && isConsonant(stem, stem.length() - 1)));

    private static final List<Rule> STEP_2 = List.of(
            positive("ational", "ate"),
            positive("tional", "tion"),
            positive("enci", "ence"),
            positive("anci", "ance"),
            positive("izer", "ize"),
            positive("bli", "ble"),
            positive("alli", "al"),
            positive("entli", "ent"),
            positive("eli", "e"),
            positive("ousli", "ous"),
            positive("ization", "ize"),
            positive("ation", "ate"),
            positive("ator", "ate"),
            positive("alism", "al"),
            positive("iveness", "ive"),
            positive("fulness", "ful"),
            positive("ousness", "ous"),
            positive("aliti", "al"),
            positive("iviti", "ive"),
            positive("biliti", "ble"),
            positive("fulli", "ful"),
            // The 'l' belongs to the stem for the measure, so short stems such as "geo" or "theo" qualify.
            new Rule("logi", "log", stem -> measure(stem + "l") > 0));

    private static final List<Rule> STEP_3 = List.of(
            positive("icate", "ic"),
            positive("ative", ""),
            positive("alize", "al"),
            positive("iciti", "ic"),
            positive("ical", "ic"),
            positive("ful", ""),
            positive("ness", ""));

    private static final List<Rule> STEP_4 = List.of(
            measureAbove1("al"),
            measureAbove1("ance"),
            measureAbove1("ence"),
            measureAbove1("er"),
            measureAbove1("ic"),
            measureAbove1("able"),
            measureAbove1("ible"),
            measureAbove1("ant"),
            measureAbove1("ement"),
            measureAbove1("ment"),
            measureAbove1("ent"),
            new Rule("ion", "", stem -> measure(stem) > 1 && endsWithSOrT(stem)),
            measureAbove1("ou"),
            measureAbove1("ism"),
            measureAbove1("ate"),
            measureAbove1("iti"),
            measureAbove1("ous"),
            measureAbove1("ive"),
            measureAbove1("ize"));

    private static final List<Rule> STEP_5B = List.of(
            // The measure is taken on the word less one 'l', i.e. the stem plus the remaining 'l'.
            new Rule("ll", "l", stem -> measure(stem + "l") > 1));

    /** Stems {@code word} after lowercasing it, as NLTK's {@code stem(word)}. */
    public String stem(String word) {
        return stem(word, true);
    }

    /**
     * Stems {@code word} as NLTK's {@code stem(word, to_lowercase)}. With {@code toLowercase} false the word is
     * stemmed as given; uppercase letters then count as consonants and match no suffix.
     */
    public String stem(String word, boolean toLowercase) {
        Objects.requireNonNull(word, "word");
        String stem = toLowercase ? word.toLowerCase(Locale.ROOT) : word;
        // NLTK looks the original word up in the pool, not the lowercased one.
        String irregular = IRREGULAR_FORMS.get(word);
        if (irregular != null) {
            return irregular;
        }
        if (word.length() <= 2) {
            return stem;
        }
        stem = step1a(stem);
        stem = step1b(stem);
        stem = applyFirstMatching(stem, STEP_1C);
        stem = step2(stem);
        stem = applyFirstMatching(stem, STEP_3);
        stem = applyFirstMatching(stem, STEP_4);
        stem = step5a(stem);
        return applyFirstMatching(stem, STEP_5B);
    }

    @Override
    public String toString() {
        return "PorterStemmer[NLTK_EXTENSIONS]";
    }

    private static String step1a(String word) {
        if (word.endsWith("ies") && word.length() == 4) {
            return word.substring(0, 1) + "ie";
        }
        return applyFirstMatching(word, STEP_1A);
    }

    private static String step1b(String word) {
        if (word.endsWith("ied")) {
            return word.length() == 4 ? strip(word, 3) + "ie" : strip(word, 3) + "i";
        }
        if (word.endsWith("eed")) {
            String stem = strip(word, 3);
            return measure(stem) > 0 ? stem + "ee" : word;
        }
        String stem = null;
        if (word.endsWith("ed") && containsVowel(strip(word, 2))) {
            stem = strip(word, 2);
        } else if (word.endsWith("ing") && containsVowel(strip(word, 3))) {
            stem = strip(word, 3);
        }
        if (stem == null) {
            return word;
        }
        if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) {
            return stem + "e";
        }
        int n = stem.length();
        if (endsWithDoubleConsonant(stem)) {
            char last = stem.charAt(n - 1);
            return last == 'l' || last == 's' || last == 'z' ? stem : stem.substring(0, n - 1);
        }
        // NLTK writes the double-consonant rule as the pseudo-suffix "*d"; when the stem does not end in a
        // double consonant the pseudo-suffix is still compared literally, so a stem ending in "*d" loses its '*'.
        if (stem.endsWith("*d")) {
            return strip(stem, 2) + "d";
        }
        return measure(stem) == 1 && endsCvc(stem) ? stem + "e" : stem;
    }

    private static String step2(String word) {
        if (word.endsWith("alli") && measure(strip(word, 4)) > 0) {
            return step2(strip(word, 4) + "al");
        }
        return applyFirstMatching(word, STEP_2);
    }

    private static String step5a(String word) {
        // Both conditions are tried for the one suffix, unlike the other steps.
        if (word.endsWith("e")) {
            String stem = strip(word, 1);
            int m = measure(stem);
            if (m > 1 || (m == 1 && !endsCvc(stem))) {
                return stem;
            }
        }
        return word;
    }

    private static String applyFirstMatching(String word, List<Rule> rules) {
        for (Rule rule : rules) {
            if (word.endsWith(rule.suffix())) {
                String stem = strip(word, rule.suffix().length());
                return rule.condition().test(stem) ? stem + rule.replacement() : word;
            }
        }
        return word;
    }

    private static Rule positive(String suffix, String replacement) {
        return new Rule(suffix, replacement, stem -> measure(stem) > 0);
    }

    private static Rule measureAbove1(String suffix) {
        return new Rule(suffix, "", stem -> measure(stem) > 1);
    }

    private static String strip(String word, int suffixLength) {
        return word.substring(0, word.length() - suffixLength);
    }

    private static boolean isVowel(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    }

    /**
     * Porter's consonant: not a vowel, and a 'y' only when the letter before it is not a consonant (a leading 'y'
     * is one). NLTK recurses through a run of y's; this walks back to the run's start instead.
     */
    private static boolean isConsonant(String word, int i) {
        char c = word.charAt(i);
        if (c != 'y') {
            return !isVowel(c);
        }
        int start = i;
        while (start > 0 && word.charAt(start - 1) == 'y') {
            start--;
        }
        boolean firstIsConsonant = start == 0 || isVowel(word.charAt(start - 1));
        return (i - start) % 2 == 0 ? firstIsConsonant : !firstIsConsonant;
    }

    /** Porter's m: the number of vowel-to-consonant transitions, i.e. of "VC" in [C](VC){m}[V]. */
    private static int measure(String stem) {
        int m = 0;
        boolean previousConsonant = true;
        boolean previousVowel = false;
        for (int i = 0; i < stem.length(); i++) {
            char c = stem.charAt(i);
            boolean consonant = isVowel(c) ? false : c != 'y' || i == 0 || !previousConsonant;
            if (consonant && previousVowel) {
                m++;
            }
            previousConsonant = consonant;
            previousVowel = !consonant;
        }
        return m;
    }

    private static boolean containsVowel(String stem) {
        for (int i = 0; i < stem.length(); i++) {
            if (!isConsonant(stem, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWithDoubleConsonant(String word) {
        int n = word.length();
        return n >= 2 && word.charAt(n - 1) == word.charAt(n - 2) && isConsonant(word, n - 1);
    }

    /** Porter's *o, plus NLTK's two-letter vowel-consonant case. */
    private static boolean endsCvc(String word) {
        int n = word.length();
        if (n >= 3 && isConsonant(word, n - 3) && !isConsonant(word, n - 2) && isConsonant(word, n - 1)) {
            char last = word.charAt(n - 1);
            if (last != 'w' && last != 'x' && last != 'y') {
                return true;
            }
        }
        return n == 2 && !isConsonant(word, 0) && isConsonant(word, 1);
    }

    private static boolean endsWithSOrT(String stem) {
        char last = stem.charAt(stem.length() - 1);
        return last == 's' || last == 't';
    }
}
