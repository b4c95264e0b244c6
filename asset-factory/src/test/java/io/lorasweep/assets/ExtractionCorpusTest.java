package io.lorasweep.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ExtractionCorpusTest {

    @Test
    void veterinaryPagesNameTheTasksTypesOverAnotherLexicon() {
        List<String> pages = new CorpusGenerator(5).veterinaryPages(300);
        String all = String.join("\n", pages);
        for (String label : List.of("MEDICATION", "DOSAGE", "CONDITION", "PROCEDURE")) {
            assertTrue(all.contains("\n" + label + ": "), label + " answers a veterinary page");
        }
        List<String> clinical = new ArrayList<>();
        ClinicalLexicon.MEDICATIONS.forEach(m -> clinical.add(m.name()));
        ClinicalLexicon.CONDITIONS.forEach(c -> clinical.add(c.name()));
        ClinicalLexicon.PROCEDURES.forEach(p -> clinical.add(p.name()));
        for (String surface : clinical) {
            assertFalse(Pattern.compile("\\b" + Pattern.quote(surface) + "\\b", Pattern.CASE_INSENSITIVE)
                    .matcher(all).find(), "a veterinary page holds the clinical surface '" + surface + "'");
        }
    }

    @Test
    void theOtherDomainsNeverUseTheTasksTypeNames() {
        String all = String.join("\n", new CorpusGenerator(5).pretrainingDocuments(0, 0, 2000));
        for (String label : List.of("MEDICATION", "DOSAGE", "CONDITION", "PROCEDURE")) {
            assertFalse(all.contains(label), label + " in a page of the language phase");
        }
    }

    @Test
    void symbolRepeatsAreARunAndItsCopy() {
        for (int[] ids : CopyCorpus.symbolRepeats(50, 259, 64, new Random(3))) {
            int n = ids.length / 2;
            assertTrue(n >= 16 && n < 64, "run length " + n);
            for (int i = 0; i < n; i++) {
                assertTrue(ids[i] >= 259 && ids[i] < 259 + 64);
                assertEquals(ids[i], ids[n + i]);
            }
        }
    }
}
