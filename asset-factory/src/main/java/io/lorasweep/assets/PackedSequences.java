package io.lorasweep.assets;

import io.lorasweep.agent.data.TokenizedExample;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs documents into training sequences for causal-LM pretraining, loss on every token: each document as
 * {@code BOS tokens EOS}, whole documents placed greedily into windows of at most {@code window + 1} tokens (the
 * model sees {@code window} inputs and predicts the next token of each), a document longer than a window split
 * across several. Documents start at a window start or after another's EOS, so BOS opens text as at inference.
 */
public final class PackedSequences {

    private PackedSequences() {
    }

    public static List<TokenizedExample> pack(List<int[]> documents, int bos, int eos, int window) {
        if (window < 2) {
            throw new IllegalArgumentException("window must be at least 2, got " + window);
        }
        int limit = window + 1;
        List<TokenizedExample> out = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int[] doc : documents) {
            List<Integer> seq = new ArrayList<>(doc.length + 2);
            seq.add(bos);
            for (int t : doc) {
                seq.add(t);
            }
            seq.add(eos);
            if (current.size() + seq.size() > limit) {
                flush(current, out);
            }
            for (int start = 0; start < seq.size(); start += limit) {
                List<Integer> piece = seq.subList(start, Math.min(seq.size(), start + limit));
                if (current.size() + piece.size() > limit) {
                    flush(current, out);
                }
                current.addAll(piece);
            }
        }
        flush(current, out);
        return out;
    }

    private static void flush(List<Integer> current, List<TokenizedExample> out) {
        if (current.size() >= 2) {
            int[] ids = current.stream().mapToInt(Integer::intValue).toArray();
            boolean[] target = new boolean[ids.length];
            java.util.Arrays.fill(target, true);
            out.add(new TokenizedExample(ids, target));
        }
        current.clear();
    }
}
