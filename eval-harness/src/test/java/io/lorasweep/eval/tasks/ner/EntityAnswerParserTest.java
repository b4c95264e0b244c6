package io.lorasweep.eval.tasks.ner;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EntityAnswerParserTest {

    private final EntityAnswerParser parser =
            new EntityAnswerParser(List.of("MEDICATION", "DOSAGE", "CONDITION", "PROCEDURE"));

    @Test
    void theAskedFormat() {
        ParsedAnswer a = parser.parse("MEDICATION: metformin\nDOSAGE: 500 mg\n");
        assertEquals(List.of(new EntityMention("MEDICATION", "metformin"), new EntityMention("DOSAGE", "500 mg")),
                a.mentions());
        assertEquals(new ParsedAnswer(a.mentions(), 0, 0, 0), a);
    }

    @Test
    void toleratesCaseSpacesBulletsNumberingMarkdownAndPlurals() {
        ParsedAnswer a = parser.parse("  - medication :  Metformin \n* **Dosage**: 500 mg\n1. CONDITIONS: type 2 "
                + "diabetes\n2) procedure: HbA1c test\n• Medication: insulin glargine");
        assertEquals(List.of("MEDICATION", "DOSAGE", "CONDITION", "PROCEDURE", "MEDICATION"),
                a.mentions().stream().map(EntityMention::type).toList());
        assertEquals("Metformin", a.mentions().get(0).surface());
        assertEquals("type 2 diabetes", a.mentions().get(2).surface());
        assertEquals(0, a.unknownTypes() + a.unparsed());
    }

    @Test
    void unknownTypesAndUnparsedLinesAreDroppedAndCounted() {
        ParsedAnswer a = parser.parse("SYMPTOM: cough\nMEDICATION: aspirin\nthe patient takes aspirin\nTEST: MRI");
        assertEquals(List.of(new EntityMention("MEDICATION", "aspirin")), a.mentions());
        assertEquals(2, a.unknownTypes());
        assertEquals(1, a.unparsed());
    }

    @Test
    void duplicatesAreKeptOnceAndCounted() {
        ParsedAnswer a = parser.parse("MEDICATION: Aspirin\nMEDICATION: aspirin.\nCONDITION: aspirin");
        assertEquals(2, a.mentions().size());
        assertEquals(1, a.duplicates());
    }

    @Test
    void semicolonsSplitCommasDoNot() {
        ParsedAnswer a = parser.parse("MEDICATION: aspirin; clopidogrel\nDOSAGE: 5 mg, twice daily");
        assertEquals(List.of("aspirin", "clopidogrel", "5 mg, twice daily"),
                a.mentions().stream().map(EntityMention::surface).toList());
    }

    @Test
    void noneAndEmptyAnswers() {
        assertEquals(new ParsedAnswer(List.of(), 0, 0, 0), parser.parse("none"));
        assertEquals(new ParsedAnswer(List.of(), 0, 0, 0), parser.parse("None."));
        assertEquals(new ParsedAnswer(List.of(), 0, 0, 0), parser.parse(""));
        assertEquals(new ParsedAnswer(List.of(), 0, 0, 0), parser.parse("MEDICATION:   \n"));
    }

    @Test
    void surfacesMayHoldColons() {
        assertEquals("CT: chest", parser.parse("PROCEDURE: CT: chest").mentions().get(0).surface());
    }

    @Test
    void rejectsBadLabels() {
        assertThrows(IllegalArgumentException.class, () -> new EntityAnswerParser(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new EntityAnswerParser(List.of("DRUG", "drug")));
    }

    @Test
    void normalisation() {
        assertEquals("type 2 diabetes", EntityMention.normalise("  Type 2\n Diabetes. "));
        assertEquals("metformin", EntityMention.normalise("\"Metformin\","));
        assertEquals(new EntityMention("DOSAGE", "500 mg").key(), new EntityMention("DOSAGE", "500  MG").key());
    }
}
