package io.lorasweep.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.eval.tasks.ner.EntitySpan;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClinicalNoteGeneratorTest {

    private static final Set<String> LABELS = Set.copyOf(DatasetWriter.LABELS);

    @Test
    void spansCoverTheirTextInOrderWithoutOverlapAndUseTheFourLabels() {
        ClinicalNoteGenerator g = new ClinicalNoteGenerator(new Random(1), true, 0.4);
        Set<String> types = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            ClinicalNote n = g.next();
            List<EntitySpan> spans = n.entities();
            for (int k = 0; k < spans.size(); k++) {
                EntitySpan s = spans.get(k);
                assertEquals(s.text(), n.text().substring(s.start(), s.end()));
                assertEquals(s.text().strip(), s.text(), "no padding spaces in a span");
                assertTrue(LABELS.contains(s.type()), s.type());
                if (k > 0) {
                    assertTrue(spans.get(k - 1).end() <= s.start(), "sorted, not overlapping: " + n.text());
                }
                types.add(s.type());
            }
            assertFalse(n.summary().contains("\n"));
            assertTrue(n.summary().endsWith("."));
        }
        assertEquals(LABELS, types);
    }

    @Test
    void theSameSeedGivesTheSameNotes() {
        ClinicalNoteGenerator a = new ClinicalNoteGenerator(new Random(5), false, 0);
        ClinicalNoteGenerator b = new ClinicalNoteGenerator(new Random(5), false, 0);
        for (int i = 0; i < 50; i++) {
            assertEquals(a.next(), b.next());
        }
    }

    @Test
    void heldOutEntriesAppearOnlyWhenAllowed() {
        Set<String> heldOut = new HashSet<>();
        ClinicalLexicon.MEDICATIONS.stream().filter(ClinicalLexicon.Medication::heldOut)
                .forEach(m -> heldOut.add(m.name()));
        ClinicalLexicon.CONDITIONS.stream().filter(ClinicalLexicon.Condition::heldOut).forEach(c -> {
            heldOut.add(c.name());
            c.aliases().forEach(heldOut::add);
        });
        ClinicalLexicon.PROCEDURES.stream().filter(ClinicalLexicon.Procedure::heldOut).forEach(p -> {
            heldOut.add(p.name());
            p.aliases().forEach(heldOut::add);
        });
        ClinicalNoteGenerator train = new ClinicalNoteGenerator(new Random(2), false, 0.9);
        for (int i = 0; i < 1000; i++) {
            for (EntitySpan s : train.next().entities()) {
                assertFalse(heldOut.contains(s.text().toLowerCase(Locale.ROOT)) || heldOut.contains(s.text()),
                        s.text());
            }
        }
        ClinicalNoteGenerator test = new ClinicalNoteGenerator(new Random(3), true, 0.4);
        int withHeldOut = 0;
        for (int i = 0; i < 400; i++) {
            boolean any = test.next().entities().stream().anyMatch(s -> heldOut.contains(s.text())
                    || heldOut.contains(s.text().toLowerCase(Locale.ROOT)));
            withHeldOut += any ? 1 : 0;
        }
        assertTrue(withHeldOut > 80, "held-out surface forms in " + withHeldOut + " of 400 test notes");
    }
}
