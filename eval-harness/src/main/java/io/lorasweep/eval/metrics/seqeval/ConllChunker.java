package io.lorasweep.eval.metrics.seqeval;

import java.util.ArrayList;
import java.util.List;

/**
 * Default-mode (conlleval-compatible) entity extraction, as seqeval's {@code get_entities} with its
 * {@code end_of_chunk} and {@code start_of_chunk} rules. It never rejects a tag: its first character is the
 * chunk tag, the text after the first {@code '-'} that follows is the type ({@code "_"} if empty), and unknown
 * chunk tags simply take part in the type-change rules.
 */
final class ConllChunker {

    private ConllChunker() {
    }

    /**
     * Entities of the sentences joined as seqeval joins a nested list: each sentence followed by one
     * {@code "O"}, so that no entity crosses a sentence boundary. Positions are in that joined sequence.
     *
     * @throws SeqevalException for an empty or null tag (seqeval: IndexError / TypeError)
     */
    static List<EntitySpan> entities(List<List<String>> sentences) {
        List<String> sequence = new ArrayList<>();
        for (List<String> sentence : sentences) {
            sequence.addAll(sentence);
            sequence.add("O");
        }
        sequence.add("O"); // get_entities' own closing sentinel, which ends a chunk still open

        List<EntitySpan> spans = new ArrayList<>();
        String previousTag = "O";
        String previousType = "";
        int begin = 0;
        for (int i = 0; i < sequence.size(); i++) {
            String chunk = sequence.get(i);
            if (chunk == null) {
                throw new SeqevalException("TypeError", "Invalid tag is found: null. Tags must be strings.");
            }
            if (chunk.isEmpty()) {
                throw new SeqevalException("IndexError",
                        "Invalid tag is found: the empty tag has no chunk tag (string index out of range).");
            }
            int width = Character.charCount(chunk.codePointAt(0));
            String tag = chunk.substring(0, width);
            String rest = chunk.substring(width);
            int dash = rest.indexOf('-');
            String type = dash >= 0 ? rest.substring(dash + 1) : rest;
            if (type.isEmpty()) {
                type = "_";
            }

            if (endOfChunk(previousTag, tag, previousType, type)) {
                spans.add(new EntitySpan(previousType, begin, i - 1));
            }
            if (startOfChunk(previousTag, tag, previousType, type)) {
                begin = i;
            }
            previousTag = tag;
            previousType = type;
        }
        return spans;
    }

    /** Whether a chunk ended between the previous and the current token (seqeval's {@code end_of_chunk}). */
    static boolean endOfChunk(String previousTag, String tag, String previousType, String type) {
        boolean end = false;
        if (previousTag.equals("E") || previousTag.equals("S")) {
            end = true;
        }
        if ((previousTag.equals("B") || previousTag.equals("I"))
                && (tag.equals("B") || tag.equals("S") || tag.equals("O"))) {
            end = true;
        }
        if (!previousTag.equals("O") && !previousTag.equals(".") && !previousType.equals(type)) {
            end = true;
        }
        return end;
    }

    /** Whether a chunk started between the previous and the current token (seqeval's {@code start_of_chunk}). */
    static boolean startOfChunk(String previousTag, String tag, String previousType, String type) {
        boolean start = false;
        if (tag.equals("B") || tag.equals("S")) {
            start = true;
        }
        if ((previousTag.equals("E") || previousTag.equals("S") || previousTag.equals("O"))
                && (tag.equals("E") || tag.equals("I"))) {
            start = true;
        }
        if (!tag.equals("O") && !tag.equals(".") && !previousType.equals(type)) {
            start = true;
        }
        return start;
    }
}
