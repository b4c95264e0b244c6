package io.lorasweep.eval.metrics.seqeval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The transition tables of each scheme: for a previous and a current token, whether the current one starts a
 * chunk, is inside it, and whether the previous one ended a chunk (seqeval's is_start / is_inside / is_end).
 */
class SchemeTest {

    private static void check(Scheme scheme, String previous, String current, boolean start, boolean inside,
            boolean end) {
        SchemeToken p = SchemeToken.parse(previous);
        SchemeToken c = SchemeToken.parse(current);
        assertEquals(List.of(start, inside, end), List.of(scheme.isStart(p, c), scheme.isInside(p, c), scheme.isEnd(p, c)),
                scheme + " " + previous + " -> " + current + " (start, inside, end)");
    }

    @ParameterizedTest
    @CsvSource({
        "O, O, false, false, false", "O, I-PER, true, false, false", "O, B-PER, false, false, false",
        "I-PER, O, false, false, true", "I-PER, I-PER, false, true, false", "I-PER, I-ORG, true, false, true",
        "I-PER, B-PER, true, false, true", "I-PER, B-ORG, false, false, true", "B-PER, O, false, false, true",
        "B-PER, I-PER, true, true, false", "B-PER, I-ORG, true, false, true", "B-PER, B-PER, true, false, true",
        "B-PER, B-ORG, false, false, false"})
    void iob1(String previous, String current, boolean start, boolean inside, boolean end) {
        check(Scheme.IOB1, previous, current, start, inside, end);
    }

    @ParameterizedTest
    @CsvSource({
        "O, O, false, false, false", "O, I-PER, false, false, false", "O, B-PER, true, false, false",
        "I-PER, O, false, false, true", "I-PER, I-PER, false, true, false", "I-PER, I-ORG, false, false, true",
        "I-PER, B-PER, true, false, true", "I-PER, B-ORG, true, false, true", "B-PER, O, false, false, true",
        "B-PER, I-PER, false, true, false", "B-PER, I-ORG, false, false, true", "B-PER, B-PER, true, false, true",
        "B-PER, B-ORG, true, false, true"})
    void iob2(String previous, String current, boolean start, boolean inside, boolean end) {
        check(Scheme.IOB2, previous, current, start, inside, end);
    }

    @ParameterizedTest
    @CsvSource({
        "O, O, false, false, false", "O, I-PER, true, false, false", "O, E-PER, false, false, false",
        "I-PER, O, false, false, true", "I-PER, I-PER, false, true, false", "I-PER, I-ORG, true, false, true",
        "I-PER, E-PER, false, true, false", "I-PER, E-ORG, false, false, true", "E-PER, O, false, false, false",
        "E-PER, I-PER, true, false, true", "E-PER, I-ORG, true, false, false", "E-PER, E-PER, true, false, true",
        "E-PER, E-ORG, false, false, false"})
    void ioe1(String previous, String current, boolean start, boolean inside, boolean end) {
        check(Scheme.IOE1, previous, current, start, inside, end);
    }

    @ParameterizedTest
    @CsvSource({
        "O, O, false, false, false", "O, I-PER, true, false, false", "O, E-PER, true, false, false",
        "I-PER, O, false, false, false", "I-PER, I-PER, false, true, false", "I-PER, I-ORG, true, false, false",
        "I-PER, E-PER, false, true, false", "I-PER, E-ORG, true, false, false", "E-PER, O, false, false, true",
        "E-PER, I-PER, true, false, true", "E-PER, I-ORG, true, false, true", "E-PER, E-PER, true, false, true",
        "E-PER, E-ORG, true, false, true"})
    void ioe2(String previous, String current, boolean start, boolean inside, boolean end) {
        check(Scheme.IOE2, previous, current, start, inside, end);
    }

    @ParameterizedTest
    @CsvSource({
        "O, O, false, false, false", "O, I-PER, false, false, false", "O, B-PER, true, false, false",
        "O, E-PER, false, false, false", "O, S-PER, true, false, false",
        "I-PER, O, false, false, false", "I-PER, I-PER, false, true, false", "I-PER, I-ORG, false, false, false",
        "I-PER, B-PER, true, false, false", "I-PER, E-PER, false, true, false", "I-PER, E-ORG, false, false, false",
        "I-PER, S-PER, true, false, false",
        "B-PER, O, false, false, false", "B-PER, I-PER, false, true, false", "B-PER, I-ORG, false, false, false",
        "B-PER, E-PER, false, true, false", "B-PER, E-ORG, false, false, false", "B-PER, S-PER, true, false, false",
        "E-PER, O, false, false, true", "E-PER, I-PER, false, false, true", "E-PER, B-PER, true, false, true",
        "E-PER, E-PER, false, false, true", "E-PER, S-PER, true, false, true",
        "S-PER, O, false, false, true", "S-PER, I-PER, false, false, true", "S-PER, B-PER, true, false, true",
        "S-PER, E-PER, false, false, true", "S-PER, S-PER, true, false, true"})
    void iobes(String previous, String current, boolean start, boolean inside, boolean end) {
        check(Scheme.IOBES, previous, current, start, inside, end);
    }

    @ParameterizedTest
    @CsvSource({
        "O, O, false, false, false", "O, I-PER, false, false, false", "O, B-PER, true, false, false",
        "O, L-PER, false, false, false", "O, U-PER, true, false, false",
        "B-PER, I-PER, false, true, false", "B-PER, L-PER, false, true, false", "B-PER, L-ORG, false, false, false",
        "I-PER, L-PER, false, true, false", "I-PER, I-ORG, false, false, false", "I-PER, U-PER, true, false, false",
        "L-PER, O, false, false, true", "L-PER, B-PER, true, false, true", "U-PER, U-PER, true, false, true",
        "U-PER, I-PER, false, false, true"})
    void bilou(String previous, String current, boolean start, boolean inside, boolean end) {
        check(Scheme.BILOU, previous, current, start, inside, end);
    }

    @Test
    void tokenPrefixAndType() {
        assertEquals(new SchemeToken("I-MISC", Prefix.I, "MISC"), SchemeToken.parse("I-MISC"));
        assertEquals("_", SchemeToken.parse("I").type());
        assertEquals("_", SchemeToken.parse("O").type());
        assertEquals("ORG-COMPANY", SchemeToken.parse("I-ORG-COMPANY").type());
        assertEquals("組織", SchemeToken.parse("I-組織").type());
        // the delimiter is stripped from both ends of the type, unlike default mode
        assertEquals("PER", SchemeToken.parse("B-PER-").type());
        assertEquals("PER", SchemeToken.parse("B--PER").type());
        assertEquals("_", SchemeToken.parse("B-").type());
    }

    @Test
    void unknownPrefixIsSeqevalsKeyError() {
        SeqevalException e = assertThrows(SeqevalException.class, () -> SchemeToken.parse("T"));
        assertEquals("KeyError", e.pythonError());
        assertEquals("IndexError", assertThrows(SeqevalException.class, () -> SchemeToken.parse("")).pythonError());
    }

    @ParameterizedTest
    @CsvSource({"I, IOB1", "O, IOB1", "B, IOB1", "I, IOB2", "O, IOB2", "B, IOB2", "I, IOE1", "O, IOE1", "E, IOE1",
        "I, IOE2", "O, IOE2", "E, IOE2", "I, IOBES", "O, IOBES", "B, IOBES", "E, IOBES", "S, IOBES",
        "B, BILOU", "I, BILOU", "L, BILOU", "O, BILOU", "U, BILOU"})
    void allowedPrefixes(String token, Scheme scheme) {
        scheme.requireAllowed(SchemeToken.parse(token));
    }

    @ParameterizedTest
    @CsvSource({"E, IOB1, I|O|B", "S, IOB1, I|O|B", "E, IOB2, I|O|B", "S, IOB2, I|O|B", "B, IOE1, I|O|E",
        "S, IOE1, I|O|E", "B, IOE2, I|O|E", "S, IOE2, I|O|E", "U, IOBES, I|O|B|E|S", "L, IOBES, I|O|B|E|S",
        "E, BILOU, I|O|B|U|L", "S, BILOU, I|O|B|U|L"})
    void forbiddenPrefixes(String token, Scheme scheme, String allowed) {
        SeqevalException e = assertThrows(SeqevalException.class, () -> scheme.requireAllowed(SchemeToken.parse(token)));
        assertEquals("ValueError", e.pythonError());
        assertEquals("Invalid token is found: " + token + ". Allowed prefixes are: " + allowed + ".", e.getMessage());
    }

    @Test
    void parseByName() {
        assertEquals(Scheme.IOBES, Scheme.parse("iobes"));
        assertThrows(IllegalArgumentException.class, () -> Scheme.parse("BIO"));
    }
}
