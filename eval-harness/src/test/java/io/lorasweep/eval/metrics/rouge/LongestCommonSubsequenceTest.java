package io.lorasweep.eval.metrics.rouge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The LCS machinery behind rougeL and rougeLsum, with rouge-score's own test cases where it has them. */
class LongestCommonSubsequenceTest {

    private static List<String> tokens(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split(" "));
    }

    @Test
    void tableAndBacktrackAsInRougeScoresTest() {
        List<Integer> reference = List.of(1, 2, 3, 4, 5);
        List<Integer> candidate = List.of(2, 5, 3, 4);
        assertEquals(3, LongestCommonSubsequence.table(reference, candidate)[5][4]);
        assertEquals(List.of(1, 2, 3), LongestCommonSubsequence.referenceIndices(reference, candidate));

        List<Integer> disjoint = List.of(8, 9);
        assertEquals(0, LongestCommonSubsequence.table(reference, disjoint)[5][2]);
        assertEquals(List.of(), LongestCommonSubsequence.referenceIndices(reference, disjoint));
    }

    @Test
    void backtrackBreaksTiesTowardsTheEarlierReferenceToken() {
        // "a b" against "b a": both "a" and "b" are longest; rouge-score's walk moves up on ties and reads "a".
        assertEquals(List.of(0), LongestCommonSubsequence.referenceIndices(tokens("a b"), tokens("b a")));
        assertEquals(List.of(0), LongestCommonSubsequence.referenceIndices(tokens("b a"), tokens("a b")));
    }

    @Test
    void lengthWithTwoRowsEqualsTheFullTable() {
        List<String> reference = tokens("the cat sat on the mat with the other cat");
        List<String> candidate = tokens("a cat on a mat sat with another cat the");
        int[][] table = LongestCommonSubsequence.table(reference, candidate);
        assertEquals(table[reference.size()][candidate.size()],
                LongestCommonSubsequence.length(reference, candidate));
        assertEquals(5, LongestCommonSubsequence.length(reference, candidate));
    }

    @Test
    void unionLcsAsInRougeScoresTest() {
        // Section 3.2 of Lin (2004), in rouge-score's test: LCS "1 2" with c1 and "1 3 5" with c2.
        List<Integer> reference = List.of(1, 2, 3, 4, 5);
        List<List<Integer>> candidates = List.of(List.of(1, 2, 6, 7, 8), List.of(1, 3, 8, 9, 5));
        assertEquals(List.of(1, 2, 3, 5), SummaryLevelLcs.unionLcs(reference, candidates));
        assertEquals(List.of(1, 2, 3, 5), SummaryLevelLcs.unionLcs(reference, List.of(candidates.get(1),
                candidates.get(0))));
    }

    @Test
    void summaryLevelAsInRougeScoresTest() {
        Score score = SummaryLevelLcs.score(List.of(tokens("1 2 3 4 5")),
                List.of(tokens("1 2 6 7 8"), tokens("1 3 8 9 5")));
        assertEquals(0.8, score.recall());
        assertEquals(0.4, score.precision());
        assertEquals(Score.fmeasure(0.4, 0.8), score.fmeasure());
        assertEquals(0.5333, score.fmeasure(), 1e-4);

        // The tokenizer may leave a candidate sentence with no token at all.
        assertEquals(Score.ZERO, SummaryLevelLcs.score(List.of(tokens("reference")), List.of(tokens(""))));
    }

    @Test
    void summaryLevelSpendsEachTokenOccurrenceOnce() {
        // Both reference sentences find "a" in the one-token candidate, but it occurs there once: one hit.
        Score score = SummaryLevelLcs.score(List.of(tokens("a b"), tokens("c a")), List.of(tokens("a")));
        assertEquals(new Score(1.0, 0.25, 0.4), score);

        // A repeated candidate sentence adds no positions to the union.
        score = SummaryLevelLcs.score(List.of(tokens("a b c")), List.of(tokens("a b"), tokens("a b")));
        assertEquals(new Score(0.5, 2.0 / 3, Score.fmeasure(0.5, 2.0 / 3)), score);
    }

    @Test
    void summaryLevelDependsOnWhichLcsTheBacktrackReads() {
        // "a b" vs "b a" reads "a" (see above), which spends the candidate's only "a"; the second reference
        // sentence "a" then finds none left. Reading "b" instead would have given two hits.
        Score score = SummaryLevelLcs.score(List.of(tokens("a b"), tokens("a")), List.of(tokens("b a")));
        assertEquals(new Score(0.5, 1.0 / 3, Score.fmeasure(0.5, 1.0 / 3)), score);
    }

    @Test
    void summaryLevelIsZeroWithoutSentencesOrTokens() {
        assertEquals(Score.ZERO, SummaryLevelLcs.score(List.of(), List.of(tokens("a"))));
        assertEquals(Score.ZERO, SummaryLevelLcs.score(List.of(tokens("a")), List.of()));
        assertEquals(Score.ZERO, SummaryLevelLcs.score(List.of(tokens("")), List.of(tokens("a"))));
    }
}
