package io.lorasweep.assets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Learns byte-level BPE merges from documents: count the {@link PreTokenizer} pieces, start from their bytes, and
 * repeatedly merge the most frequent adjacent pair (ties broken by the smaller pair of ids, so the result depends on
 * the documents only) until the vocabulary has the asked size or no pair occurs {@code minFrequency} times.
 * Pair counts are updated only for the pieces that hold the merged pair.
 */
public final class BpeTrainer {

    private final int vocabSize;
    private final int minFrequency;
    private final List<String> specials;

    public BpeTrainer(int vocabSize, int minFrequency, List<String> specials) {
        if (vocabSize < specials.size() + 256 + 1) {
            throw new IllegalArgumentException("vocabSize must exceed the " + (specials.size() + 256)
                    + " special and byte tokens, got " + vocabSize);
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be at least 1, got " + minFrequency);
        }
        this.vocabSize = vocabSize;
        this.minFrequency = minFrequency;
        this.specials = List.copyOf(specials);
    }

    public ByteLevelBpe train(Iterable<String> documents) {
        Map<String, Integer> pieceCounts = new TreeMap<>();
        for (String doc : documents) {
            for (String piece : PreTokenizer.split(doc)) {
                pieceCounts.merge(piece, 1, Integer::sum);
            }
        }
        int base = specials.size();
        List<int[]> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<String> tokens = new ArrayList<>(specials);
        Map<String, Integer> ids0 = new HashMap<>();
        for (int b = 0; b < 256; b++) {
            ids0.put(String.valueOf(ByteLevelAlphabet.charOf(b)), tokens.size());
            tokens.add(String.valueOf(ByteLevelAlphabet.charOf(b)));
        }
        for (Map.Entry<String, Integer> e : pieceCounts.entrySet()) {
            String symbols = ByteLevelAlphabet.encode(e.getKey());
            int[] ids = new int[symbols.length()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = base + ByteLevelAlphabet.byteOf(symbols.charAt(i));
            }
            words.add(ids);
            counts.add(e.getValue());
        }
        Map<Long, Long> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> pairWords = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            addPairs(words.get(w), counts.get(w), w, pairCounts, pairWords);
        }
        List<String> merges = new ArrayList<>();
        while (tokens.size() < vocabSize) {
            long best = 0;
            long bestCount = 0;
            for (Map.Entry<Long, Long> e : pairCounts.entrySet()) {
                long c = e.getValue();
                if (c > bestCount || (c == bestCount && c > 0 && Long.compareUnsigned(e.getKey(), best) < 0)) {
                    best = e.getKey();
                    bestCount = c;
                }
            }
            if (bestCount < minFrequency) {
                break;
            }
            int left = (int) (best >>> 32);
            int right = (int) best;
            String l = tokens.get(left);
            String r = tokens.get(right);
            merges.add(l + " " + r);
            Integer existing = ids0.get(l + r);
            int merged;
            if (existing != null) {
                merged = existing;
            } else {
                merged = tokens.size();
                ids0.put(l + r, merged);
                tokens.add(l + r);
            }
            for (int w : new ArrayList<>(pairWords.getOrDefault(best, Set.of()))) {
                int[] old = words.get(w);
                int[] updated = merge(old, left, right, merged);
                if (updated.length == old.length) {
                    continue;
                }
                removePairs(old, counts.get(w), pairCounts);
                words.set(w, updated);
                addPairs(updated, counts.get(w), w, pairCounts, pairWords);
            }
            pairCounts.remove(best);
            pairWords.remove(best);
        }
        return new ByteLevelBpe(specials, merges);
    }

    /** Merges the occurrences left to right, as the encoder does for pairs of one rank. */
    private static int[] merge(int[] ids, int left, int right, int merged) {
        int[] out = new int[ids.length];
        int n = 0;
        for (int i = 0; i < ids.length; i++) {
            if (i + 1 < ids.length && ids[i] == left && ids[i + 1] == right) {
                out[n++] = merged;
                i++;
            } else {
                out[n++] = ids[i];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static void addPairs(int[] ids, int count, int word, Map<Long, Long> pairCounts,
            Map<Long, Set<Integer>> pairWords) {
        for (int i = 0; i + 1 < ids.length; i++) {
            long key = ByteLevelBpe.pairKey(ids[i], ids[i + 1]);
            pairCounts.merge(key, (long) count, Long::sum);
            pairWords.computeIfAbsent(key, k -> new HashSet<>()).add(word);
        }
    }

    private static void removePairs(int[] ids, int count, Map<Long, Long> pairCounts) {
        for (int i = 0; i + 1 < ids.length; i++) {
            long key = ByteLevelBpe.pairKey(ids[i], ids[i + 1]);
            long left = pairCounts.merge(key, (long) -count, Long::sum);
            if (left <= 0) {
                pairCounts.remove(key);
            }
        }
    }
}
