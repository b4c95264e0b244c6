package io.lorasweep.eval.tasks.ner;

import java.util.ArrayList;
import java.util.List;

/**
 * A word of a text for IOB2 tagging: a maximal run of letters and digits, or one other non-space character
 * ("500mg," gives "500mg" and ","; "type-2" gives "type", "-", "2"). The same rule splits texts and entity
 * surfaces, so a mention is found wherever its words occur in order.
 *
 * @param start first character, inclusive
 * @param end   last character, exclusive
 */
public record WordToken(int start, int end, String text) {

    public static List<WordToken> split(String s) {
        List<WordToken> tokens = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            int cp = s.codePointAt(i);
            int width = Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                i += width;
            } else if (Character.isLetterOrDigit(cp)) {
                int j = i;
                while (j < n && Character.isLetterOrDigit(s.codePointAt(j))) {
                    j += Character.charCount(s.codePointAt(j));
                }
                tokens.add(new WordToken(i, j, s.substring(i, j)));
                i = j;
            } else {
                tokens.add(new WordToken(i, i + width, s.substring(i, i + width)));
                i += width;
            }
        }
        return tokens;
    }
}
