package io.lorasweep.agent.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Groups examples of similar length into batches (so little compute goes to padding) and shuffles the order of the
 * batches with a seed. Examples longer than the limit are an error naming the example: truncating them would teach
 * the model cut-off answers.
 */
public final class LengthBatcher {

    private LengthBatcher() {
    }

    public static List<Batch> batches(List<TokenizedExample> examples, int batchSize, int maxLength, long seed,
            boolean shuffle) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (examples.get(i).length() > maxLength) {
                throw new IllegalArgumentException("example " + i + " has " + examples.get(i).length()
                        + " tokens, more than maxLength " + maxLength);
            }
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> examples.get(i).length()));
        List<Batch> out = new ArrayList<>();
        for (int start = 0; start < order.size(); start += batchSize) {
            List<TokenizedExample> group = new ArrayList<>();
            for (int k = start; k < Math.min(order.size(), start + batchSize); k++) {
                group.add(examples.get(order.get(k)));
            }
            out.add(build(group));
        }
        if (shuffle) {
            Collections.shuffle(out, new Random(seed));
        }
        return out;
    }

    public static Batch build(List<TokenizedExample> group) {
        int t = group.stream().mapToInt(TokenizedExample::length).max().orElseThrow() - 1;
        int b = group.size();
        long[] inputs = new long[b * t];
        long[] targets = new long[b * t];
        float[] weights = new float[b * t];
        long[] mask = new long[b * t];
        int real = 0;
        int targetCount = 0;
        for (int r = 0; r < b; r++) {
            TokenizedExample e = group.get(r);
            for (int i = 0; i < e.length() - 1; i++) {
                inputs[r * t + i] = e.ids()[i];
                targets[r * t + i] = e.ids()[i + 1];
                mask[r * t + i] = 1;
                if (e.target()[i + 1]) {
                    weights[r * t + i] = 1f;
                    targetCount++;
                }
                real++;
            }
        }
        return new Batch(b, t, inputs, targets, weights, mask, real, targetCount);
    }
}
