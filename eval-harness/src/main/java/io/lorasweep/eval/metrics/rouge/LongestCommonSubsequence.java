package io.lorasweep.eval.metrics.rouge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * rougeL: the longest common subsequence of the two token sequences, by the plain dynamic programme, over the
 * prediction's length for precision and the target's for recall; 0 when either side has no tokens.
 *
 * <p>Also reads one LCS back out of the table for rougeLsum. Which of several equally long subsequences is read
 * changes rougeLsum, so the walk follows rouge-score's {@code _backtrack_norec} step for step: take a match when
 * the tokens are equal, otherwise move left only when the cell to the left is strictly larger than the one above.
 */
final class LongestCommonSubsequence {

    private LongestCommonSubsequence() {
    }

    static Score score(List<String> targetTokens, List<String> predictionTokens) {
        if (targetTokens.isEmpty() || predictionTokens.isEmpty()) {
            return Score.ZERO;
        }
        int lcs = length(targetTokens, predictionTokens);
        double precision = (double) lcs / predictionTokens.size();
        double recall = (double) lcs / targetTokens.size();
        return Score.of(precision, recall);
    }

    /** The LCS length, with two rows of the table instead of all of it. */
    static int length(List<String> reference, List<String> candidate) {
        int[] above = new int[candidate.size() + 1];
        int[] row = new int[candidate.size() + 1];
        for (int i = 1; i <= reference.size(); i++) {
            String r = reference.get(i - 1);
            for (int j = 1; j <= candidate.size(); j++) {
                row[j] = r.equals(candidate.get(j - 1)) ? above[j - 1] + 1 : Math.max(above[j], row[j - 1]);
            }
            int[] swap = above;
            above = row;
            row = swap;
        }
        return above[candidate.size()];
    }

    /** The full table: {@code table[i][j]} is the LCS length of the first i reference and j candidate tokens. */
    static int[][] table(List<?> reference, List<?> candidate) {
        int rows = reference.size();
        int cols = candidate.size();
        int[][] table = new int[rows + 1][cols + 1];
        for (int i = 1; i <= rows; i++) {
            Object r = reference.get(i - 1);
            for (int j = 1; j <= cols; j++) {
                table[i][j] = r.equals(candidate.get(j - 1))
                        ? table[i - 1][j - 1] + 1
                        : Math.max(table[i - 1][j], table[i][j - 1]);
            }
        }
        return table;
    }

    /** Indices into {@code reference} of the one LCS that rouge-score reads out, in increasing order. */
    static List<Integer> referenceIndices(List<?> reference, List<?> candidate) {
        int[][] table = table(reference, candidate);
        List<Integer> indices = new ArrayList<>();
        int i = reference.size();
        int j = candidate.size();
        while (i > 0 && j > 0) {
            if (reference.get(i - 1).equals(candidate.get(j - 1))) {
                indices.add(i - 1);
                i--;
                j--;
            } else if (table[i][j - 1] > table[i - 1][j]) {
                j--;
            } else {
                i--;
            }
        }
        Collections.reverse(indices);
        return indices;
    }
}
