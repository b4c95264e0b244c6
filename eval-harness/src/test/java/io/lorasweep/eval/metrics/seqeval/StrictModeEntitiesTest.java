package io.lorasweep.eval.metrics.seqeval;

import static io.lorasweep.eval.metrics.seqeval.Tags.sentence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Strict mode: the entities each scheme finds in short sentences, as seqeval's Tokens.entities. Expected spans
 * are written {@code TYPE:start:endExclusive} as seqeval reports them; an empty cell means no entity.
 */
class StrictModeEntitiesTest {

    private static void check(Scheme scheme, String tags, String expected) {
        List<EntitySpan> want = new ArrayList<>();
        if (expected != null && !expected.isBlank()) {
            for (String e : expected.trim().split("\\s+")) {
                String[] f = e.split(":");
                want.add(new EntitySpan(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]) - 1));
            }
        }
        List<EntitySpan> got = Seqeval.entities(List.of(sentence(tags == null ? "" : tags)), scheme).get(0);
        assertEquals(want, got, scheme + " [" + tags + "]");
    }

    @ParameterizedTest
    @CsvSource({
        "'', ''", "B-PER, ''", "I-PER, PER:0:1", "O, ''", "O I-PER, PER:1:2", "O B-PER, ''", "I-PER O, PER:0:1",
        "I-PER I-PER, PER:0:2", "I-PER I-ORG, PER:0:1 ORG:1:2", "I-PER B-PER, PER:0:1 PER:1:2",
        "I-PER B-ORG, PER:0:1", "B-PER O, ''", "B-PER I-PER, PER:1:2", "B-PER I-ORG, ORG:1:2",
        "B-PER B-PER, PER:1:2", "B-PER B-ORG, ''",
        "B, ''", "I, _:0:1", "O I, _:1:2", "I B, _:0:1 _:1:2", "B I, _:1:2", "B B, _:1:2"})
    void iob1(String tags, String expected) {
        check(Scheme.IOB1, tags, expected);
    }

    @ParameterizedTest
    @CsvSource({
        "'', ''", "B-PER, PER:0:1", "I-PER, ''", "O, ''", "O I-PER, ''", "O B-PER, PER:1:2", "I-PER O, ''",
        "I-PER I-PER, ''", "I-PER I-ORG, ''", "I-PER B-PER, PER:1:2", "I-PER B-ORG, ORG:1:2",
        "B-PER O, PER:0:1", "B-PER I-PER, PER:0:2", "B-PER I-ORG, PER:0:1", "B-PER B-PER, PER:0:1 PER:1:2",
        "B-PER B-ORG, PER:0:1 ORG:1:2",
        "B, _:0:1", "I, ''", "O B, _:1:2", "I B, _:1:2", "B I, _:0:2", "B B, _:0:1 _:1:2"})
    void iob2(String tags, String expected) {
        check(Scheme.IOB2, tags, expected);
    }

    @ParameterizedTest
    @CsvSource({
        "'', ''", "E-PER, ''", "I-PER, PER:0:1", "O, ''", "O I-PER, PER:1:2", "O E-PER, ''", "I-PER O, PER:0:1",
        "I-PER I-PER, PER:0:2", "I-PER I-ORG, PER:0:1 ORG:1:2", "I-PER E-ORG, PER:0:1", "E-PER O, ''",
        "E-PER I-PER, PER:1:2", "E-PER I-ORG, ORG:1:2", "E-PER E-PER, ''", "E-PER E-ORG, ''",
        // seqeval marks IOE1 as not handling every case; its answer for I-PER E-PER is kept as it is:
        "I-PER E-PER, ''",
        "E, ''", "I, _:0:1", "O I, _:1:2", "I I, _:0:2", "E I, _:1:2", "E E, ''"})
    void ioe1(String tags, String expected) {
        check(Scheme.IOE1, tags, expected);
    }

    @ParameterizedTest
    @CsvSource({
        "'', ''", "E-PER, PER:0:1", "I-PER, ''", "O, ''", "O I-PER, ''", "O E-PER, PER:1:2", "I-PER O, ''",
        "I-PER I-PER, ''", "I-PER I-ORG, ''", "I-PER E-PER, PER:0:2", "I-PER E-ORG, ORG:1:2",
        "E-PER O, PER:0:1", "E-PER I-PER, PER:0:1", "E-PER I-ORG, PER:0:1", "E-PER E-PER, PER:0:1 PER:1:2",
        "E-PER E-ORG, PER:0:1 ORG:1:2",
        "E, _:0:1", "I, ''", "O E, _:1:2", "I E, _:0:2", "E I, _:0:1", "E E, _:0:1 _:1:2"})
    void ioe2(String tags, String expected) {
        check(Scheme.IOE2, tags, expected);
    }

    @ParameterizedTest
    @CsvSource({
        "O, ''", "I-PER, ''", "B-PER, ''", "E-PER, ''", "S-PER, PER:0:1", "O O, ''", "O I-PER, ''",
        "O B-PER, ''", "O E-PER, ''", "O S-PER, PER:1:2", "I-PER O, ''", "I-PER I-PER, ''", "I-PER I-ORG, ''",
        "I-PER B-PER, ''", "I-PER E-PER, ''", "I-PER E-ORG, ''", "I-PER S-PER, PER:1:2", "B-PER O, ''",
        "B-PER I-PER, ''", "B-PER I-ORG, ''", "B-PER B-PER, ''", "B-PER E-PER, PER:0:2", "B-PER E-ORG, ''",
        "B-PER S-PER, PER:1:2", "E-PER O, ''", "E-PER I-PER, ''", "E-PER B-PER, ''", "E-PER E-PER, ''",
        "E-PER S-PER, PER:1:2", "S-PER O, PER:0:1", "S-PER I-PER, PER:0:1", "S-PER B-PER, PER:0:1",
        "S-PER E-PER, PER:0:1", "S-PER S-PER, PER:0:1 PER:1:2",
        "S, _:0:1", "B E, _:0:2", "B I E, _:0:3", "B I, ''", "S S, _:0:1 _:1:2"})
    void iobes(String tags, String expected) {
        check(Scheme.IOBES, tags, expected);
    }

    @ParameterizedTest
    @CsvSource({
        "O, ''", "U-PER, PER:0:1", "B-PER, ''", "L-PER, ''", "I-PER, ''", "B-PER L-PER, PER:0:2",
        "B-PER I-PER L-PER, PER:0:3", "B-PER I-PER, ''", "B-PER L-ORG, ''", "I-PER L-PER, ''",
        "U-PER U-PER, PER:0:1 PER:1:2", "B-PER U-PER, PER:1:2", "O U-LOC B-PER L-PER O, LOC:1:2 PER:2:4",
        "U, _:0:1", "B L, _:0:2"})
    void bilou(String tags, String expected) {
        check(Scheme.BILOU, tags, expected);
    }

    @Test
    void aForbiddenPrefixIsRefusedWithSeqevalsMessage() {
        SeqevalException e = assertThrows(SeqevalException.class,
                () -> Seqeval.entities(List.of(sentence("B-PER E-PER S-PER")), Scheme.IOB2));
        assertEquals("ValueError", e.pythonError());
        assertEquals("Invalid token is found: E-PER. Allowed prefixes are: I|O|B.", e.getMessage());
    }

    @Test
    void anUnknownPrefixIsRefusedEvenWhereAnotherTagIsForbiddenFirst() {
        // seqeval reads every tag of a sentence (KeyError) before it walks it checking the scheme (ValueError).
        SeqevalException e = assertThrows(SeqevalException.class,
                () -> Seqeval.entities(List.of(sentence("S-PER X-PER")), Scheme.IOB2));
        assertEquals("KeyError", e.pythonError());
    }

    @Test
    void positionsAreWithinEachSentence() {
        assertEquals(List.of(List.of(new EntitySpan("A", 0, 0)), List.of(), List.of(new EntitySpan("B", 1, 2))),
                Seqeval.entities(Tags.sentences("B-A | | O B-B I-B"), Scheme.IOB2));
    }
}
