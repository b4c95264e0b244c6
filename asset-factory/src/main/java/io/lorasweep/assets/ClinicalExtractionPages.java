package io.lorasweep.assets;

import io.lorasweep.eval.tasks.ner.EntitySpan;
import io.lorasweep.eval.tasks.ner.NerExample;
import io.lorasweep.eval.tasks.ner.NerPrompt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Few-shot extraction pages over clinical notes of the training lexicon, in the NER task's layout, whose types are
 * never named by the task's labels: each page calls the medications, doses, conditions and procedures it asks for
 * by coined labels ("SASTERK"), new on every page. A page's examples are the only place its labels' meanings are
 * given, so these pages teach where a note's entities are and how far they reach, not what to call them; the names
 * come from the veterinary pages, where MEDICATION, DOSAGE, CONDITION and PROCEDURE answer for animals' drugs,
 * doses, diseases and procedures. Not synonyms ("DRUG", "MEDICINE"): a model given a few learns them as the
 * classes' names and answers with them whatever the examples say.
 */
final class ClinicalExtractionPages {

    private static final List<String> TYPES = List.of(ClinicalNoteGenerator.MEDICATION, ClinicalNoteGenerator.DOSAGE,
            ClinicalNoteGenerator.CONDITION, ClinicalNoteGenerator.PROCEDURE);

    private final Random random;
    private final ClinicalNoteGenerator notes;
    private final Set<String> exclude;

    /** Notes of the training lexicon from {@code random}, none whose text is in {@code exclude}. */
    ClinicalExtractionPages(Random random, Set<String> exclude) {
        this.random = random;
        this.notes = new ClinicalNoteGenerator(random, false, 0);
        this.exclude = exclude;
    }

    /** A header naming two to four of the types by this page's labels, then two to six annotated notes. */
    String nextDocument() {
        List<String> types = new ArrayList<>(TYPES);
        java.util.Collections.shuffle(types, random);
        Set<String> asked = new HashSet<>(types.subList(0, 2 + random.nextInt(types.size() - 1)));
        Map<String, String> label = new HashMap<>();
        Set<String> used = new HashSet<>();
        for (String type : TYPES) {
            if (asked.contains(type)) {
                String l;
                do {
                    l = ExtractionCorpus.coin(random).toUpperCase(Locale.ROOT);
                } while (!used.add(l));
                label.put(type, l);
            }
        }
        NerPrompt prompt = new NerPrompt(TYPES.stream().filter(asked::contains).map(label::get).toList());
        int blocks = 2 + random.nextInt(5);
        List<NerExample> examples = new ArrayList<>();
        while (examples.size() < blocks) {
            ClinicalNote note = notes.next();
            if (exclude.contains(note.text())) {
                continue;
            }
            List<EntitySpan> spans = new ArrayList<>();
            for (EntitySpan e : note.entities()) {
                if (asked.contains(e.type())) {
                    spans.add(new EntitySpan(label.get(e.type()), e.start(), e.end(), e.text()));
                }
            }
            examples.add(new NerExample("page", note.text(), spans));
        }
        NerExample last = examples.remove(examples.size() - 1);
        return prompt.context(examples, last) + NerPrompt.answer(last).strip();
    }
}
