package io.lorasweep.eval.metrics.rouge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * rouge-score's default tokenizer ({@code rouge_score.tokenize}): lowercase the text, treat every run of
 * characters other than {@code [a-z0-9]} as a separator, optionally Porter-stem each token longer than three
 * characters, and keep only tokens that are still non-empty {@code [a-z0-9]+} strings.
 *
 * <p>Non-ASCII text is not transliterated: "café" gives {@code caf}, "naïve" gives {@code na} and {@code ve}, and a
 * text in another script gives no tokens at all. Only two non-ASCII characters survive, because Python's
 * {@code str.lower()} maps them to ASCII: KELVIN SIGN (U+212A) becomes {@code k}, and LATIN CAPITAL LETTER I WITH
 * DOT ABOVE (U+0130) becomes {@code i} followed by a combining dot, which then splits the token.
 *
 * <p>Stateless and thread-safe.
 */
public final class RougeTokenizer {

    private static final int KELVIN_SIGN = 0x212A;
    private static final int CAPITAL_I_WITH_DOT_ABOVE = 0x0130;

    /** Tokens of at most this many characters are never stemmed, as in rouge-score. */
    private static final int LONGEST_UNSTEMMED = 3;

    private final PorterStemmer stemmer;

    /** @param useStemmer whether tokens longer than three characters go through NLTK's Porter stemmer */
    public RougeTokenizer(boolean useStemmer) {
        this.stemmer = useStemmer ? new PorterStemmer() : null;
    }

    public boolean usesStemmer() {
        return stemmer != null;
    }

    /** The tokens of {@code text}, in order; empty when the text has no ASCII letter or digit. */
    public List<String> tokenize(String text) {
        Objects.requireNonNull(text, "text");
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            char kept = lowercaseAlphanumeric(cp);
            if (kept != 0) {
                current.append(kept);
                // U+0130 lowercases to "i" + U+0307; the combining dot is not [a-z0-9], so it ends the token.
                if (cp == CAPITAL_I_WITH_DOT_ABOVE) {
                    flush(current, tokens);
                }
            } else {
                flush(current, tokens);
            }
        }
        flush(current, tokens);
        return tokens;
    }

    /** The ASCII letter or digit that {@code cp} becomes after Python's {@code lower()}, or 0 for a separator. */
    private static char lowercaseAlphanumeric(int cp) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
            return (char) cp;
        }
        if (cp >= 'A' && cp <= 'Z') {
            return (char) (cp + ('a' - 'A'));
        }
        if (cp == KELVIN_SIGN) {
            return 'k';
        }
        if (cp == CAPITAL_I_WITH_DOT_ABOVE) {
            return 'i';
        }
        return 0;
    }

    private void flush(StringBuilder current, List<String> tokens) {
        if (current.length() == 0) {
            return;
        }
        String token = current.toString();
        current.setLength(0);
        if (stemmer != null && token.length() > LONGEST_UNSTEMMED) {
            token = stemmer.stem(token);
        }
        // rouge-score re-checks every token against ^[a-z0-9]+$ after stemming; the stemmer never leaves
        // anything else on such input, but the check keeps the rule visible and the output safe.
        if (isValidToken(token)) {
            tokens.add(token);
        }
    }

    private static boolean isValidToken(String token) {
        if (token.isEmpty()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
