package io.lorasweep.eval.tasks.ner;

import io.lorasweep.eval.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NerJsonlTest {

    private static final Set<String> LABELS = Set.of("MEDICATION", "DOSAGE", "CONDITION", "PROCEDURE");

    private static String error(String content) {
        return assertThrows(IllegalArgumentException.class, () -> NerJsonl.parse(content, "test.jsonl", LABELS))
                .getMessage();
    }

    @Test
    void readsTheShippedFormat() {
        List<NerExample> test = NerJsonl.read(TestData.path("ner/test.jsonl"), LABELS);
        assertEquals(3, test.size());
        assertEquals("te1", test.get(0).id());
        assertEquals(new EntitySpan("DOSAGE", 8, 13, "81 mg"), test.get(0).entities().get(1));
        assertTrue(test.get(2).entities().isEmpty());
    }

    @Test
    void missingIdsDefaultToLineNumbersAndEntityTextIsOptional() {
        List<NerExample> ex = NerJsonl.parse("\n{\"text\": \"took aspirin\", \"entities\": "
                + "[{\"type\": \"MEDICATION\", \"start\": 5, \"end\": 12}]}\n", "f", LABELS);
        assertEquals("line-2", ex.get(0).id());
        assertEquals("aspirin", ex.get(0).entities().get(0).text());
    }

    @Test
    void faultsNameFileLineAndRule() {
        assertTrue(error("{\"text\": \"x\"").startsWith("test.jsonl, line 1: not valid JSON ("));
        assertEquals("test.jsonl, line 2: \"entities\" must be an array (empty when there are none)",
                error("{\"text\": \"a\", \"entities\": []}\n{\"text\": \"b\"}"));
        assertEquals("test.jsonl, line 1, entities[0]: offsets must satisfy 0 <= start < end <= 3 (the text's "
                + "length), got start=1, end=9", error("{\"text\": \"abc\", \"entities\": [{\"type\": \"DOSAGE\", "
                + "\"start\": 1, \"end\": 9}]}"));
        assertEquals("test.jsonl, line 1, entities[0]: \"text\" is 'xyz' but the offsets cover 'bc'",
                error("{\"text\": \"abc\", \"entities\": [{\"type\": \"DOSAGE\", \"start\": 1, \"end\": 3, "
                        + "\"text\": \"xyz\"}]}"));
        assertTrue(error("{\"text\": \"abc\", \"entities\": [{\"type\": \"DRUG\", \"start\": 0, \"end\": 1}]}")
                .startsWith("test.jsonl, line 1, entities[0]: \"type\" must be one of"));
        assertEquals("test.jsonl, line 1: entities DOSAGE 'ab' [0, 2) and CONDITION 'bc' [1, 3) overlap; nested or "
                + "overlapping entities are not supported", error("{\"text\": \"abc\", \"entities\": [{\"type\": "
                + "\"CONDITION\", \"start\": 1, \"end\": 3}, {\"type\": \"DOSAGE\", \"start\": 0, \"end\": 2}]}"));
        assertEquals("test.jsonl, line 2: id 'a' is used by an earlier line", error(
                "{\"id\": \"a\", \"text\": \"x\", \"entities\": []}\n{\"id\": \"a\", \"text\": \"y\", \"entities\": []}"));
    }
}
