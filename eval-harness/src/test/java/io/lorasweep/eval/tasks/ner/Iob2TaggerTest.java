package io.lorasweep.eval.tasks.ner;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Iob2TaggerTest {

    private static final String TEXT = "Aspirin 81 mg daily; aspirin held before CT-guided biopsy.";
    private final List<WordToken> words = WordToken.split(TEXT);

    @Test
    void wordsAreLetterDigitRunsOrSingleOtherCharacters() {
        assertEquals(List.of("Aspirin", "81", "mg", "daily", ";", "aspirin", "held", "before", "CT", "-", "guided",
                "biopsy", "."), words.stream().map(WordToken::text).toList());
        assertEquals(new WordToken(8, 10, "81"), words.get(1));
    }

    @Test
    void goldTagsFromOffsets() {
        List<EntitySpan> gold = List.of(new EntitySpan("MEDICATION", 0, 7, "Aspirin"),
                new EntitySpan("DOSAGE", 8, 13, "81 mg"),
                new EntitySpan("PROCEDURE", 41, 57, "CT-guided biopsy"));
        assertEquals(List.of("B-MEDICATION", "B-DOSAGE", "I-DOSAGE", "O", "O", "O", "O", "O", "B-PROCEDURE",
                "I-PROCEDURE", "I-PROCEDURE", "I-PROCEDURE", "O"), Iob2Tagger.gold(words, gold));
    }

    @Test
    void everyOccurrenceOfAPredictedMentionIsTagged() {
        Iob2Tagger.Tagging t = Iob2Tagger.predicted(words, List.of(new EntityMention("MEDICATION", "aspirin"),
                new EntityMention("PROCEDURE", "CT-guided  biopsy"), new EntityMention("CONDITION", "fever")));
        assertEquals(List.of("B-MEDICATION", "O", "O", "O", "O", "B-MEDICATION", "O", "O", "B-PROCEDURE",
                "I-PROCEDURE", "I-PROCEDURE", "I-PROCEDURE", "O"), t.tags());
        assertEquals(1, t.unplaced());
    }

    @Test
    void overlapsGoToTheEarlierThenTheLongerPlacement() {
        Iob2Tagger.Tagging t = Iob2Tagger.predicted(words, List.of(new EntityMention("DOSAGE", "mg daily"),
                new EntityMention("DOSAGE", "81 mg"), new EntityMention("PROCEDURE", "biopsy"),
                new EntityMention("PROCEDURE", "guided biopsy")));
        assertEquals(List.of("O", "B-DOSAGE", "I-DOSAGE", "O", "O", "O", "O", "O", "O", "O", "B-PROCEDURE",
                "I-PROCEDURE", "O"), t.tags());
        assertEquals(0, t.unplaced());
    }

    @Test
    void emptyText() {
        assertEquals(List.of(), Iob2Tagger.predicted(List.of(), List.of(new EntityMention("DOSAGE", "5 mg"))).tags());
    }
}
