package io.lorasweep.eval.metrics.rouge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * rougeLsum: summary-level LCS (section 3.2 of Lin 2004) as rouge-score and ROUGE-1.5.5 compute it.
 *
 * <p>For each reference sentence, the union over all candidate sentences of the reference positions on one LCS
 * with that candidate. Each token of that union counts as a hit only while both the reference and the candidate
 * still have an unused occurrence of it (counts are taken over whole summaries and spent as hits are made), so a
 * token is never matched more often than it occurs on either side. Precision is hits over all candidate tokens,
 * recall hits over all reference tokens; 0 when either side has no sentence or no token.
 */
final class SummaryLevelLcs {

    private SummaryLevelLcs() {
    }

    static Score score(List<List<String>> referenceSentences, List<List<String>> candidateSentences) {
        if (referenceSentences.isEmpty() || candidateSentences.isEmpty()) {
            return Score.ZERO;
        }
        int referenceTokens = totalTokens(referenceSentences);
        int candidateTokens = totalTokens(candidateSentences);
        if (referenceTokens == 0 || candidateTokens == 0) {
            return Score.ZERO;
        }
        Map<String, Integer> unusedInReference = counts(referenceSentences);
        Map<String, Integer> unusedInCandidate = counts(candidateSentences);
        int hits = 0;
        for (List<String> reference : referenceSentences) {
            for (String token : unionLcs(reference, candidateSentences)) {
                int inCandidate = unusedInCandidate.getOrDefault(token, 0);
                int inReference = unusedInReference.getOrDefault(token, 0);
                if (inCandidate > 0 && inReference > 0) {
                    hits++;
                    unusedInCandidate.put(token, inCandidate - 1);
                    unusedInReference.put(token, inReference - 1);
                }
            }
        }
        double recall = (double) hits / referenceTokens;
        double precision = (double) hits / candidateTokens;
        return Score.of(precision, recall);
    }

    /** The tokens of {@code reference} at the union of its LCS positions with each candidate, in sentence order. */
    static <T> List<T> unionLcs(List<T> reference, List<? extends List<T>> candidates) {
        TreeSet<Integer> positions = new TreeSet<>();
        for (List<T> candidate : candidates) {
            positions.addAll(LongestCommonSubsequence.referenceIndices(reference, candidate));
        }
        return positions.stream().map(reference::get).toList();
    }

    private static int totalTokens(List<List<String>> sentences) {
        int total = 0;
        for (List<String> sentence : sentences) {
            total += sentence.size();
        }
        return total;
    }

    private static Map<String, Integer> counts(List<List<String>> sentences) {
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> sentence : sentences) {
            for (String token : sentence) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        return counts;
    }
}
