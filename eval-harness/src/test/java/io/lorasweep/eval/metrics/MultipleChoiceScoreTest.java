package io.lorasweep.eval.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MultipleChoiceScoreTest {

    @Test
    void predictsTheHighestLogLikelihood() {
        MultipleChoiceScore s = MultipleChoiceScore.of(List.of(-3.0, -1.0, -2.0, -4.0), List.of("A", "B", "C", "D"), 1);
        assertEquals(1, s.prediction());
        assertEquals(1.0, s.acc());
        assertEquals(1.0, s.accNorm());
    }

    @Test
    void tiesGoToTheFirstChoiceAsNumpyArgmax() {
        MultipleChoiceScore s = MultipleChoiceScore.of(List.of(-1.0, -1.0, -5.0, -5.0), List.of("A", "B", "C", "D"), 1);
        assertEquals(0, s.prediction());
        assertEquals(0.0, s.acc());
    }

    @Test
    void accNormDividesByTheCharacterLengthOfTheChoice() {
        // raw: "yes" (-3.0) beats "certainly" (-4.5); per character: -1.0 vs -0.5
        MultipleChoiceScore s = MultipleChoiceScore.of(List.of(-3.0, -4.5), List.of("yes", "certainly"), 1);
        assertEquals(0, s.prediction());
        assertEquals(1, s.predictionNorm());
        assertEquals(0.0, s.acc());
        assertEquals(1.0, s.accNorm());
    }

    @Test
    void rejectsMismatchedInput() {
        assertThrows(IllegalArgumentException.class, () -> MultipleChoiceScore.of(List.of(-1.0), List.of("A", "B"), 0));
        assertThrows(IllegalArgumentException.class, () -> MultipleChoiceScore.of(List.of(-1.0, -2.0), List.of("A", "B"), 2));
    }
}
