package io.lorasweep.eval.tasks.ner;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The generative NER prompt. With labels MEDICATION, DOSAGE, CONDITION, PROCEDURE and one shot it reads:
 *
 * <pre>
 * Extract entities of types: MEDICATION, DOSAGE, CONDITION, PROCEDURE.
 *
 * Text: Started metformin 500 mg.
 * Entities:
 * MEDICATION: metformin
 * DOSAGE: 500 mg
 *
 * Text: {the test text}
 * Entities:
 * </pre>
 *
 * and the model continues after the last line break; generation stops at a blank line or a new "Text:". An
 * example's answer lists its entities in text order, each (type, normalised surface) once, or "none". The header is
 * one short line so that labels and layout stay cheap in tokens: the shipped model met this layout, with other
 * entity types, in pretraining.
 */
public final class NerPrompt {

    /** Bumped whenever the wording changes, since it is part of the task's fingerprint. */
    public static final String VERSION = "ner-prompt-v2";
    public static final List<String> STOP = List.of("\n\n", "\nText:");

    private final List<String> labels;

    public NerPrompt(List<String> labels) {
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("labels must not be empty, got " + labels);
        }
        this.labels = List.copyOf(labels);
    }

    public String instruction() {
        return header(labels);
    }

    /** The first line of every prompt of this layout, whatever the entity types (the pretraining corpus uses it). */
    public static String header(List<String> labels) {
        return "Extract entities of types: " + String.join(", ", labels) + ".\n\n";
    }

    /** The answer an example teaches. */
    public static String answer(NerExample example) {
        StringBuilder s = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (EntitySpan e : example.entities()) {
            EntityMention m = new EntityMention(e.type(), e.text());
            if (seen.add(m.key())) {
                s.append(e.type()).append(": ").append(e.text().strip()).append('\n');
            }
        }
        return s.length() == 0 ? "none\n" : s.toString();
    }

    public String context(List<NerExample> shots, NerExample target) {
        StringBuilder s = new StringBuilder(instruction());
        for (NerExample shot : shots) {
            s.append(question(shot)).append(answer(shot)).append('\n');
        }
        return s.append(question(target)).toString();
    }

    private static String question(NerExample example) {
        return "Text: " + example.text() + "\nEntities:\n";
    }
}
