package io.lorasweep.eval.metrics.seqeval;

import java.util.Comparator;

/**
 * Python's ordering of {@code str}, by Unicode code point, which seqeval's {@code sorted} applies to entity
 * types. It differs from {@link String#compareTo} (UTF-16 units) only when characters beyond the BMP meet
 * characters from U+E000 up.
 */
final class CodePointOrder implements Comparator<String> {

    static final CodePointOrder INSTANCE = new CodePointOrder();

    private CodePointOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
