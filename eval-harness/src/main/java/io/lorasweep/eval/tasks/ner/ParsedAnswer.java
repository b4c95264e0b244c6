package io.lorasweep.eval.tasks.ner;

import java.util.List;

/**
 * A model's answer read into entity mentions, with counts of what the parser had to drop.
 *
 * @param mentions     distinct mentions, in the order first named
 * @param unknownTypes lines whose type is not one of the task's labels (dropped)
 * @param duplicates   mentions named again after their first time (dropped)
 * @param unparsed     non-blank lines that are neither {@code TYPE: text} nor {@code none} (dropped)
 */
public record ParsedAnswer(List<EntityMention> mentions, int unknownTypes, int duplicates, int unparsed) {

    public ParsedAnswer {
        mentions = List.copyOf(mentions);
        if (unknownTypes < 0 || duplicates < 0 || unparsed < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got unknownTypes=" + unknownTypes
                    + ", duplicates=" + duplicates + ", unparsed=" + unparsed);
        }
    }
}
