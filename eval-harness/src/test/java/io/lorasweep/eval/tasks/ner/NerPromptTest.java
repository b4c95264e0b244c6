package io.lorasweep.eval.tasks.ner;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NerPromptTest {

    @Test
    void oneShotPrompt() {
        NerExample shot = new NerExample("a", "Started metformin 500 mg; metformin well tolerated.", List.of(
                new EntitySpan("MEDICATION", 8, 17, "metformin"), new EntitySpan("DOSAGE", 18, 24, "500 mg"),
                new EntitySpan("MEDICATION", 26, 35, "metformin")));
        NerExample target = new NerExample("b", "No complaints.", List.of());
        assertEquals("Extract entities of types: MEDICATION, DOSAGE, CONDITION, PROCEDURE.\n\n"
                + "Text: Started metformin 500 mg; metformin well tolerated.\nEntities:\nMEDICATION: metformin\n"
                + "DOSAGE: 500 mg\n\n"
                + "Text: No complaints.\nEntities:\n",
                new NerPrompt(List.of("MEDICATION", "DOSAGE", "CONDITION", "PROCEDURE")).context(List.of(shot), target));
    }

    @Test
    void anExampleWithoutEntitiesTeachesNone() {
        assertEquals("none\n", NerPrompt.answer(new NerExample("x", "Fine.", List.of())));
    }
}
