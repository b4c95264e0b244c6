package io.lorasweep.eval.metrics.seqeval;

import static io.lorasweep.eval.metrics.seqeval.Tags.sentences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scores against the numbers seqeval's documentation and tests state, and its edge cases. */
class SeqevalTest {

    private static SeqevalReport evaluate(String yTrue, String yPred) {
        return Seqeval.evaluate(sentences(yTrue), sentences(yPred), Mode.DEFAULT, null);
    }

    private static SeqevalReport strict(String yTrue, String yPred, Scheme scheme) {
        return Seqeval.evaluate(sentences(yTrue), sentences(yPred), Mode.STRICT, scheme);
    }

    private static void assertScores(TypeScores expected, TypeScores actual) {
        assertEquals(expected.precision(), actual.precision(), 0.0, "precision");
        assertEquals(expected.recall(), actual.recall(), 0.0, "recall");
        assertEquals(expected.f1(), actual.f1(), 0.0, "f1");
        assertEquals(expected.support(), actual.support(), "support");
    }

    private static TypeScores scores(double p, double r, double f, int support) {
        return new TypeScores(p, r, f, support);
    }

    @Test
    void readmeExample() {
        SeqevalReport r = evaluate("O O O B-MISC I-MISC I-MISC O | B-PER I-PER O",
                "O O B-MISC I-MISC I-MISC I-MISC O | B-PER I-PER O");
        assertScores(scores(0.5, 0.5, 0.5, 2), r.micro());
        assertEquals(List.of("MISC", "PER"), List.copyOf(r.perType().keySet()));
        assertScores(scores(0.0, 0.0, 0.0, 1), r.perType().get("MISC"));
        assertScores(scores(1.0, 1.0, 1.0, 1), r.perType().get("PER"));
        assertScores(scores(0.5, 0.5, 0.5, 2), r.macro());
        assertScores(scores(0.5, 0.5, 0.5, 2), r.weighted());
        assertEquals(2, r.predicted());
        assertEquals(1, r.correct());
    }

    @Test
    void f1ScoreDocstringExample() {
        // f1_score(...): micro 0.6666666666666666, macro 0.75, weighted 0.6666666666666666, per type [0.5, 1.0]
        SeqevalReport r = evaluate("O O B-MISC I-MISC B-MISC O O | B-PER I-PER O",
                "O O B-MISC I-MISC B-MISC I-MISC O | B-PER I-PER O");
        assertEquals(0.6666666666666666, r.f1(), 0.0);
        assertEquals(0.6666666666666666, r.precision(), 0.0);
        assertEquals(0.6666666666666666, r.recall(), 0.0);
        assertEquals(0.75, r.macro().f1(), 0.0);
        assertEquals(0.75, r.macro().precision(), 0.0);
        assertEquals(0.6666666666666666, r.weighted().f1(), 0.0);
        assertEquals(0.5, r.perType().get("MISC").f1(), 0.0);
        assertEquals(1.0, r.perType().get("PER").f1(), 0.0);
    }

    @Test
    void v1OutputDictExampleInStrictIob2() {
        // seqeval's tests: classification_report(output_dict=True) on these, compared with ==
        SeqevalReport r = strict("B-A B-B O B-A", "O B-B B-C B-A", Scheme.IOB2);
        assertEquals(List.of("A", "B", "C"), List.copyOf(r.perType().keySet()));
        assertScores(scores(1.0, 0.5, 0.6666666666666666, 2), r.perType().get("A"));
        assertScores(scores(1.0, 1.0, 1.0, 1), r.perType().get("B"));
        assertScores(scores(0.0, 0.0, 0.0, 0), r.perType().get("C"));
        assertScores(scores(0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 3), r.micro());
        assertScores(scores(0.6666666666666666, 0.5, 0.5555555555555555, 3), r.macro());
        assertScores(scores(1.0, 0.6666666666666666, 0.7777777777777777, 3), r.weighted());
    }

    @Test
    void aTypeOnlyPredictedIsReportedWithSupportZeroAndCountsInTheMacroAverage() {
        SeqevalReport r = evaluate("B-A B-B O B-A", "O B-B B-C B-A");
        assertEquals(List.of("A", "B", "C"), List.copyOf(r.perType().keySet()));
        assertScores(scores(0.6666666666666666, 0.5, 0.5555555555555555, 3), r.macro());
    }

    @Test
    void strictModeRefusesChunksTheSchemeCallsIncomplete() {
        // seqeval's README: the I-NP I-NP prediction counts in default mode, not in strict IOB2
        String yTrue = "B-NP I-NP O";
        String yPred = "I-NP I-NP O";
        assertScores(scores(1.0, 1.0, 1.0, 1), evaluate(yTrue, yPred).perType().get("NP"));
        SeqevalReport r = strict(yTrue, yPred, Scheme.IOB2);
        assertScores(scores(0.0, 0.0, 0.0, 1), r.perType().get("NP"));
        assertEquals(0, r.predicted());
    }

    @Test
    void strictModeEntitiesBelongToTheirSentence() {
        // same positions in different sentences are different entities
        SeqevalReport r = strict("B-X | O", "O | B-X", Scheme.IOB2);
        assertEquals(0, r.correct());
        assertEquals(1, r.support());
        assertEquals(1, r.predicted());
    }

    @Test
    void eachSchemeScores() {
        assertEquals(1.0, strict("B-X I-X L-X U-Y", "B-X I-X L-X U-Y", Scheme.BILOU).f1(), 0.0);
        assertEquals(2, strict("B-X I-X L-X U-Y", "B-X I-X L-X U-Y", Scheme.BILOU).support());
        assertEquals(0.5, strict("B-X E-X S-Y", "B-X I-X S-Y", Scheme.IOBES).recall(), 0.0);
        assertEquals(1.0, strict("I-X E-X E-Y", "I-X E-X E-Y", Scheme.IOE2).f1(), 0.0);
        assertEquals(2, strict("I-X E-X E-Y", "O O O", Scheme.IOE2).support());
        assertEquals(2, strict("I-X I-X B-X", "O O O", Scheme.IOB1).support());
        assertEquals(2, strict("I-X I-X E-X I-X", "O O O O", Scheme.IOE1).support());
    }

    @Test
    void noEntitiesAnywhere() {
        SeqevalReport r = evaluate("O O | O", "O O | O");
        assertScores(scores(0.0, 0.0, 0.0, 0), r.micro());
        assertTrue(r.perType().isEmpty());
        // numpy's mean of an empty array: NaN
        assertTrue(Double.isNaN(r.macro().precision()) && Double.isNaN(r.macro().recall())
                && Double.isNaN(r.macro().f1()));
        assertEquals(0, r.macro().support());
        // seqeval's test_weighted_true_sum_zero: (0.0, 0.0, 0.0, 0)
        assertScores(scores(0.0, 0.0, 0.0, 0), r.weighted());
    }

    @Test
    void entitiesOnlyInTheTruth() {
        SeqevalReport r = evaluate("B-X O", "O O");
        assertScores(scores(0.0, 0.0, 0.0, 1), r.micro());
        assertScores(scores(0.0, 0.0, 0.0, 1), r.perType().get("X"));
        assertScores(scores(0.0, 0.0, 0.0, 1), r.macro());
        assertScores(scores(0.0, 0.0, 0.0, 1), r.weighted());
    }

    @Test
    void entitiesOnlyInThePrediction() {
        SeqevalReport r = evaluate("O O", "B-X O");
        assertScores(scores(0.0, 0.0, 0.0, 0), r.micro());
        assertScores(scores(0.0, 0.0, 0.0, 0), r.perType().get("X"));
        assertScores(scores(0.0, 0.0, 0.0, 0), r.macro());
        assertScores(scores(0.0, 0.0, 0.0, 0), r.weighted());
        assertEquals(1, r.predicted());
    }

    @Test
    void zeroDivisionOne() {
        List<List<String>> none = sentences("O O");
        SeqevalReport empty = Seqeval.evaluate(none, none, Mode.DEFAULT, null, ZeroDivision.ONE);
        assertScores(scores(1.0, 1.0, 1.0, 0), empty.micro());
        assertScores(scores(1.0, 1.0, 1.0, 0), empty.weighted());
        assertTrue(Double.isNaN(empty.macro().f1()));

        SeqevalReport predictedOnly = Seqeval.evaluate(none, sentences("B-X O"), Mode.DEFAULT, null, ZeroDivision.ONE);
        assertScores(scores(0.0, 1.0, 0.0, 0), predictedOnly.perType().get("X"));
        assertScores(scores(0.0, 1.0, 0.0, 0), predictedOnly.micro());
        // weighted with no support: precision and F1 are 0 once something was predicted, recall is 1
        assertScores(scores(0.0, 1.0, 0.0, 0), predictedOnly.weighted());

        SeqevalReport trueOnly = Seqeval.evaluate(sentences("B-X O"), none, Mode.DEFAULT, null, ZeroDivision.ONE);
        assertScores(scores(1.0, 0.0, 0.0, 1), trueOnly.perType().get("X"));
        assertScores(scores(1.0, 0.0, 0.0, 1), trueOnly.weighted());
    }

    @Test
    void averagesFollowTheirDefinitions() {
        SeqevalReport r = evaluate("B-A I-A O B-B B-C I-C | B-A O B-B", "B-A I-A O B-B B-C O | B-B O B-B");
        // A: 1 of 2 true found, 1 predicted; B: 2 of 2, 3 predicted; C: 0 of 1, 1 predicted (C at 4..4)
        assertScores(scores(1.0, 0.5, 2.0 / 3.0, 2), r.perType().get("A"));
        TypeScores b = r.perType().get("B");
        assertEquals(2.0 / 3.0, b.precision(), 0.0);
        assertEquals(1.0, b.recall(), 0.0);
        assertEquals(0.8, b.f1(), 1e-15);
        assertScores(scores(0.0, 0.0, 0.0, 1), r.perType().get("C"));
        assertEquals(3, r.correct());
        assertEquals(5, r.predicted());
        assertEquals(5, r.support());
        assertEquals(0.6, r.precision(), 0.0);
        assertEquals(0.6, r.recall(), 0.0);
        assertEquals((1.0 + 2.0 / 3.0 + 0.0) / 3, r.macro().precision(), 0.0);
        assertEquals((1.0 * 2 + (2.0 / 3.0) * 2 + 0.0 * 1) / 5, r.weighted().precision(), 0.0);
        assertEquals(r.macro(), r.average(Average.MACRO));
        assertEquals(r.weighted(), r.average(Average.WEIGHTED));
        assertEquals(r.micro(), r.average(Average.MICRO));
    }

    @Test
    void typesAreSortedAsPythonSortsStrings() {
        SeqevalReport r = evaluate("B-b B-Z B-B B-組織 B-\uFF21 B-\uD83D\uDE00", "O O O O O O");
        assertEquals(List.of("B", "Z", "b", "組織", "\uFF21", "\uD83D\uDE00"), List.copyOf(r.perType().keySet()));
    }

    @Test
    void perTypeIsReadOnly() {
        Map<String, TypeScores> perType = evaluate("B-X", "B-X").perType();
        assertThrows(UnsupportedOperationException.class, () -> perType.put("Y", scores(0, 0, 0, 0)));
    }

    @Test
    void inconsistentLengthsAreRefusedAsSeqevalDoes() {
        SeqevalException e = assertThrows(SeqevalException.class, () -> evaluate("B-PER", "B-PER O"));
        assertEquals("ValueError", e.pythonError());
        assertEquals("Found input variables with inconsistent numbers of samples:\n[1]\n[2]", e.getMessage());
        e = assertThrows(SeqevalException.class, () -> evaluate("B-PER O | O", "B-PER O"));
        assertEquals("Found input variables with inconsistent numbers of samples:\n[2, 1]\n[2]", e.getMessage());
        assertThrows(SeqevalException.class, () -> strict("B-PER", "B-PER O", Scheme.IOB2));
    }

    @Test
    void noSentencesAtAllIsSeqevalsTypeError() {
        SeqevalException e = assertThrows(SeqevalException.class,
                () -> Seqeval.evaluate(List.of(), List.of(), Mode.DEFAULT, null));
        assertEquals("TypeError", e.pythonError());
        assertEquals("Found input variables without list of list.", e.getMessage());
    }

    @Test
    void strictSchemeViolationsAreRefusedInTruthOrPrediction() {
        SeqevalException e = assertThrows(SeqevalException.class, () -> strict("B-X E-X", "B-X I-X", Scheme.IOB2));
        assertEquals("Invalid token is found: E-X. Allowed prefixes are: I|O|B.", e.getMessage());
        e = assertThrows(SeqevalException.class, () -> strict("B-X I-X", "B-X S-X", Scheme.IOB2));
        assertEquals("Invalid token is found: S-X. Allowed prefixes are: I|O|B.", e.getMessage());
        e = assertThrows(SeqevalException.class, () -> strict("B-X Q-X", "B-X I-X", Scheme.IOBES));
        assertEquals("KeyError", e.pythonError());
        // default mode reads the same tags without complaint
        assertEquals(1, evaluate("B-X E-X", "B-X I-X").support());
    }

    @Test
    void modeAndSchemeMustAgree() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Seqeval.evaluate(sentences("B-X"), sentences("B-X"), Mode.STRICT, null));
        assertTrue(e.getMessage().contains("requires a scheme"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Seqeval.evaluate(sentences("B-X"), sentences("B-X"), Mode.DEFAULT, Scheme.IOB2));
    }
}
