package io.lorasweep.eval.tasks.ner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a generated answer in the format the NER prompt asks for: one {@code TYPE: text} a line, or {@code none}.
 * Small models drift from a format, so the parser tolerates what does not change the meaning:
 * <ul>
 *   <li>bullets and numbering before the type ({@code -}, {@code *}, {@code •}, {@code 1.}, {@code 2)});</li>
 *   <li>the type in any case, with spaces or underscores around or inside ({@code Medication :},
 *       {@code medication}); a plural {@code s} ({@code MEDICATIONS});</li>
 *   <li>several entities of one type on a line separated by {@code ;} (commas are not split: "5 mg, twice
 *       daily" is one dosage);</li>
 *   <li>repeated entities (kept once, counted) and a line {@code none}, {@code none.} or {@code no entities}.</li>
 * </ul>
 * A line whose type is not one of the labels is dropped and counted, as is a line without a colon.
 */
public final class EntityAnswerParser {

    private static final Pattern BULLET = Pattern.compile("^(?:[-*•·]+|\\d+[.)])\\s*");
    private static final Pattern TYPE_NOISE = Pattern.compile("[\\s_*`-]");
    private static final Pattern NONE = Pattern.compile("(?i)^(?:none|no entities|n/a)[.!]?$");

    private final Map<String, String> labelsByKey = new LinkedHashMap<>();

    public EntityAnswerParser(List<String> labels) {
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("labels must not be empty, got " + labels);
        }
        for (String label : labels) {
            String key = typeKey(label);
            if (key.isEmpty() || labelsByKey.putIfAbsent(key, label) != null) {
                throw new IllegalArgumentException("labels must be distinct non-blank names, got " + labels);
            }
        }
    }

    public ParsedAnswer parse(String answer) {
        List<EntityMention> mentions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int unknown = 0;
        int duplicates = 0;
        int unparsed = 0;
        for (String raw : answer.split("\\R")) {
            String line = BULLET.matcher(raw.strip()).replaceFirst("").strip();
            if (line.isEmpty() || NONE.matcher(line).matches()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                unparsed++;
                continue;
            }
            String label = labelOf(line.substring(0, colon));
            if (label == null) {
                unknown++;
                continue;
            }
            for (String surface : line.substring(colon + 1).split(";")) {
                if (EntityMention.normalise(surface).isEmpty()) {
                    continue;
                }
                EntityMention m = new EntityMention(label, surface.strip());
                if (seen.add(m.key())) {
                    mentions.add(m);
                } else {
                    duplicates++;
                }
            }
        }
        return new ParsedAnswer(mentions, unknown, duplicates, unparsed);
    }

    private String labelOf(String written) {
        String key = typeKey(written);
        String label = labelsByKey.get(key);
        if (label == null && key.endsWith("S")) {
            label = labelsByKey.get(key.substring(0, key.length() - 1));
        }
        return label;
    }

    /** Upper case without spaces, underscores, hyphens or stray markdown ({@code **Medication**}). */
    private static String typeKey(String s) {
        return TYPE_NOISE.matcher(s.toUpperCase(Locale.ROOT)).replaceAll("");
    }
}
