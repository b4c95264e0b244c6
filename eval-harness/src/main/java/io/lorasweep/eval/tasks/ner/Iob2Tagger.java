package io.lorasweep.eval.tasks.ner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Maps entities onto a document's words as IOB2 tags ({@code B-TYPE} on an entity's first word, {@code I-TYPE} on
 * the rest, {@code O} elsewhere), so the seqeval-compatible score can be computed.
 *
 * <p>Gold entities have offsets: a word is inside an entity when their characters overlap. Predicted mentions have
 * only a surface: every place where the mention's words occur in order (case-insensitive) is tagged, because
 * the answer "MEDICATION: metformin" says every "metformin" in the note is one. Where placements overlap, the one
 * starting first wins, and at the same start the longer one; a mention whose words occur nowhere is not tagged.
 */
public final class Iob2Tagger {

    public static final String OUTSIDE = "O";

    private Iob2Tagger() {
    }

    /** Tags of the gold entities (sorted, not overlapping) over {@code words}. */
    public static List<String> gold(List<WordToken> words, List<EntitySpan> entities) {
        String[] tags = new String[words.size()];
        Arrays.fill(tags, OUTSIDE);
        for (EntitySpan e : entities) {
            boolean first = true;
            for (int i = 0; i < words.size(); i++) {
                WordToken w = words.get(i);
                if (w.start() < e.end() && e.start() < w.end() && OUTSIDE.equals(tags[i])) {
                    tags[i] = (first ? "B-" : "I-") + e.type();
                    first = false;
                }
            }
        }
        return List.of(tags);
    }

    /** Tags of predicted mentions over {@code words}, and how many mentions could not be placed. */
    public static Tagging predicted(List<WordToken> words, List<EntityMention> mentions) {
        List<int[]> placements = new ArrayList<>();
        List<String> types = new ArrayList<>();
        int unplaced = 0;
        for (EntityMention m : mentions) {
            List<WordToken> needle = WordToken.split(EntityMention.normalise(m.surface()));
            boolean found = false;
            for (int i = 0; !needle.isEmpty() && i + needle.size() <= words.size(); i++) {
                if (matchesAt(words, i, needle)) {
                    placements.add(new int[] {i, i + needle.size(), types.size()});
                    found = true;
                }
            }
            types.add(m.type());
            if (!found) {
                unplaced++;
            }
        }
        placements.sort(Comparator.<int[]>comparingInt(p -> p[0]).thenComparingInt(p -> -(p[1] - p[0])));
        String[] tags = new String[words.size()];
        Arrays.fill(tags, OUTSIDE);
        int taken = 0;
        for (int[] p : placements) {
            if (p[0] < taken) {
                continue;
            }
            String type = types.get(p[2]);
            for (int i = p[0]; i < p[1]; i++) {
                tags[i] = (i == p[0] ? "B-" : "I-") + type;
            }
            taken = p[1];
        }
        return new Tagging(List.of(tags), unplaced);
    }

    private static boolean matchesAt(List<WordToken> words, int at, List<WordToken> needle) {
        for (int j = 0; j < needle.size(); j++) {
            if (!words.get(at + j).text().toLowerCase(Locale.ROOT).equals(needle.get(j).text())) {
                return false;
            }
        }
        return true;
    }

    /** Tags of a document and the number of mentions that occur nowhere in it. */
    public record Tagging(List<String> tags, int unplaced) {

        public Tagging {
            tags = List.copyOf(tags);
        }
    }
}
