package io.lorasweep.assets;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into the pieces BPE merges within, by GPT-2's pattern, which is what Hugging Face's {@code ByteLevel}
 * pre-tokenizer applies with {@code use_regex: true}: English contractions, a letter run with one optional leading
 * space, a digit run likewise, a punctuation run likewise, and whitespace (a run before a non-space keeps its last
 * space for the next word). Unicode classes, so {@code \s} is White_Space as in the Rust implementation.
 */
public final class PreTokenizer {

    private static final Pattern GPT2 = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private PreTokenizer() {
    }

    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = GPT2.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() != last) {
                // the alternatives cover every character; a gap would mean a lost piece of text
                throw new IllegalStateException("pre-tokenizer skipped text at " + last);
            }
            out.add(m.group());
            last = m.end();
        }
        if (last != text.length()) {
            throw new IllegalStateException("pre-tokenizer skipped text at " + last);
        }
        return out;
    }
}
