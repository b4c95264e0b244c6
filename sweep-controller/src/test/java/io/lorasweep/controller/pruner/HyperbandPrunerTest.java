package io.lorasweep.controller.pruner;

import static io.lorasweep.controller.pruner.PercentilePrunerTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hyperband's layout and its brackets. Bracket counts and budgets follow Optuna 4's formulas in its floating-point
 * arithmetic; bracket ids are CRC-32 values of "sweep-42_N", checked against Python's binascii.crc32.
 */
class HyperbandPrunerTest {

    @ParameterizedTest(name = "min {0}, max {1}, factor {2}: {3} brackets")
    @CsvSource({
        "1, 81, 3, 5",
        // log(243) / log(3) is 4.999999999999999 in doubles: Optuna lays out 5 brackets, not 6
        "1, 243, 3, 5",
        "1, 100, 3, 5",
        "1, 80, 3, 4",
        "1, 27, 3, 4",
        "2, 81, 3, 4",
        "1, 1, 3, 1",
        "1, 16, 4, 3",
        "1, 1000, 3, 7",
        "3, 100, 2, 6",
    })
    void bracketCountIsFloorOfLogOfTheResourceRatioPlusOne(int min, int max, int factor, int brackets) {
        assertEquals(brackets, HyperbandPruner.bracketCount(min, max, factor));
    }

    @ParameterizedTest(name = "min {0}, max {1}, factor {2}: budgets {3}")
    @CsvSource(delimiter = ';', value = {
        "1; 81; 3; 81 34 15 8 5",
        "1; 27; 3; 27 12 6 4",
        "1; 16; 4; 16 6 3",
        "1; 1000; 3; 729 284 114 48 21 11 7",
        "3; 100; 2; 32 20 12 8 6 6",
        "1; 1; 3; 1",
    })
    void budgetsAreCeilOfNTimesFactorToTheSOverSPlusOne(int min, int max, int factor, String budgets) {
        HyperbandPruner p = new HyperbandPruner(min, OptionalInt.of(max), factor, 0);
        ScriptedStudy study = ScriptedStudy.minimizing();
        p.decide(study, study.start(0).view(0));
        List<Long> expected = java.util.Arrays.stream(budgets.split(" ")).map(Long::valueOf).toList();
        assertEquals(expected, p.budgets());
        assertEquals(expected.size(), p.bracketCount());
    }

    @Test
    void eachBracketIsSuccessiveHalvingWithItsOwnEarlyStoppingRate() {
        HyperbandPruner p = laidOut(new HyperbandPruner(1, OptionalInt.of(81), 3, 0));
        for (int b = 0; b < 5; b++) {
            SuccessiveHalvingPruner sha = p.bracket(b);
            assertEquals(b, sha.minEarlyStoppingRate());
            assertEquals(3, sha.reductionFactor());
            assertEquals((long) Math.pow(3, b), sha.rungEnd(0), "bracket " + b + " judges first at 3^" + b);
        }
    }

    @Test
    void trialsAreHashedToBracketsAsOptunaDoes() {
        HyperbandPruner p = laidOut(new HyperbandPruner(1, OptionalInt.of(81), 3, 0));
        // binascii.crc32(f"sweep-42_{n}".encode()) % 143, walked through the budgets 81 34 15 8 5
        int[] expected = {0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 4, 1, 0, 2, 4, 0, 1, 0,
            4, 0, 1, 0, 1, 0, 0, 0, 1, 1};
        for (int n = 0; n < expected.length; n++) {
            assertEquals(expected[n], p.bracketOf("sweep-42", n), "trial " + n);
        }
    }

    @Test
    void bracketsDoNotSeeEachOther() {
        ScriptedStudy study = new ScriptedStudy("sweep-42", true);
        HyperbandPruner p = new HyperbandPruner(1, OptionalInt.of(81), 3, 0);
        // trials 0, 1, 2 are in bracket 0 (first rung end 1); trials 5 and 7 in bracket 1 (first rung end 3)
        study.start(0);
        assertFalse(study.reportAndAsk(p, 0, 1, 1.0));
        study.start(1);
        assertFalse(study.reportAndAsk(p, 1, 1, 0.5));
        study.start(2);
        assertTrue(study.reportAndAsk(p, 2, 1, 2.0), "worse than bracket 0's best of 3");
        study.start(5);
        assertFalse(study.reportAndAsk(p, 5, 1, 5.0), "bracket 1 does not judge before step 3");
        assertFalse(study.reportAndAsk(p, 5, 3, 5.0), "alone in bracket 1's rung 0, however it compares to bracket 0");
        assertEquals(Map.of(0, 5.0), study.rungs(5));
        study.start(7);
        assertTrue(study.reportAndAsk(p, 7, 3, 6.0), "behind trial 5 in bracket 1");
        // trial 1 reaching step 3 is at bracket 0's rung 1, against trial 0's record there only
        assertFalse(study.reportAndAsk(p, 0, 3, 1.0));
        assertTrue(study.reportAndAsk(p, 1, 3, 1.2));
    }

    @Test
    void autoMaxResourceWaitsForACompletedTrial() {
        ScriptedStudy study = new ScriptedStudy("sweep-42", true);
        HyperbandPruner p = new HyperbandPruner();
        assertEquals(-1, study.run(p, 0, ScriptedStudy.range(0, 80), s -> Double.NaN));
        assertEquals(0, p.bracketCount());
        assertEquals(0, p.bracketOf("sweep-42", 22), "every trial is in bracket 0 until the layout, as in Optuna");
        assertEquals(Map.of(), study.rungs(0));
        // trial 0 completed at step 80: max resource 81, five brackets
        study.start(1);
        assertTrue(study.reportAndAsk(p, 1, 1, Double.NaN), "bracket 0 judges at step 1");
        assertEquals(OptionalInt.of(81), p.maxResource());
        assertEquals(5, p.bracketCount());
    }

    @Test
    void explainsADecisionWithItsBracket() {
        ScriptedStudy study = new ScriptedStudy("sweep-42", true);
        HyperbandPruner p = new HyperbandPruner(1, OptionalInt.of(81), 3, 0);
        study.start(0).reportAndAsk(p, 0, 1, 1.0);
        study.start(1).report(1, 1, 2.0);
        assertTrue(p.decide(study, study.view(1)).orElseThrow()
                .startsWith("hyperband bracket 0 of 5 (successive halving): value 2 of trial 1 at step 1"));
    }

    @Test
    void constructorsNameTheArgumentAndItsValue() {
        assertMessage("minResource", "0", () -> new HyperbandPruner(0, OptionalInt.empty(), 3, 0));
        assertMessage("maxResource", "2", () -> new HyperbandPruner(3, OptionalInt.of(2), 3, 0));
        assertMessage("reductionFactor", "1", () -> new HyperbandPruner(1, OptionalInt.empty(), 1, 0));
        assertMessage("bootstrapCount", "4", () -> new HyperbandPruner(1, OptionalInt.empty(), 3, 4));
    }

    private static HyperbandPruner laidOut(HyperbandPruner p) {
        ScriptedStudy study = new ScriptedStudy("sweep-42", true);
        p.decide(study, study.start(0).view(0));
        return p;
    }
}
