package io.lorasweep.assets;

import io.lorasweep.eval.tasks.ner.EntitySpan;
import java.util.List;

/** A generated note: its text, the typed entity spans in it (sorted, not overlapping) and its one-line summary. */
public record ClinicalNote(String text, List<EntitySpan> entities, String summary) {

    public ClinicalNote {
        entities = List.copyOf(entities);
        for (EntitySpan e : entities) {
            if (!text.substring(e.start(), e.end()).equals(e.text())) {
                throw new IllegalArgumentException("span " + e + " does not cover its text in '" + text + "'");
            }
        }
    }
}
