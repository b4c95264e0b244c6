package io.lorasweep.eval.metrics.seqeval;

import java.util.ArrayList;
import java.util.List;

/**
 * Strict-mode entity extraction from one sentence, as seqeval's {@code Tokens.entities}: walk the sentence with
 * an {@code "O"} sentinel appended; where the scheme says a chunk starts, follow it while the scheme says the
 * next token is inside; keep it only if the scheme says it ends there.
 */
final class SchemeChunker {

    private SchemeChunker() {
    }

    /**
     * The entities of one sentence, positions within the sentence, end inclusive.
     *
     * @throws SeqevalException as seqeval raises: every tag is first read (KeyError / IndexError for a tag
     *                          without a known prefix), then the walk checks each tag against the scheme
     *                          (ValueError for a prefix the scheme forbids)
     */
    static List<EntitySpan> entities(List<String> sentence, Scheme scheme) {
        List<SchemeToken> tokens = new ArrayList<>(sentence.size() + 1);
        for (String tag : sentence) {
            tokens.add(SchemeToken.parse(tag));
        }
        int length = tokens.size();
        tokens.add(SchemeToken.OUTSIDE);

        List<EntitySpan> spans = new ArrayList<>();
        SchemeToken previous = SchemeToken.OUTSIDE;
        int i = 0;
        while (i < tokens.size()) {
            SchemeToken token = tokens.get(i);
            scheme.requireAllowed(token);
            if (scheme.isStart(previous, token)) {
                int end = forward(tokens, i + 1, token, scheme, length);
                if (scheme.isEnd(tokens.get(end - 1), tokens.get(end))) {
                    // seqeval's end is exclusive; EntitySpan's is inclusive.
                    spans.add(new EntitySpan(token.type(), i, end - 1));
                }
                i = end;
            } else {
                i++;
            }
            previous = tokens.get(i - 1);
        }
        return spans;
    }

    /** The first position from {@code from} on that is not inside the chunk. */
    private static int forward(List<SchemeToken> tokens, int from, SchemeToken previous, Scheme scheme, int length) {
        SchemeToken last = previous;
        for (int i = from; i < tokens.size(); i++) {
            SchemeToken token = tokens.get(i);
            if (!scheme.isInside(last, token)) {
                return i;
            }
            last = token;
        }
        // Unreachable: the "O" sentinel is inside no chunk in any scheme. seqeval falls back to this value.
        return length - 1;
    }
}
