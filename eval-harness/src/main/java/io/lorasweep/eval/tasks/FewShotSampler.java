package io.lorasweep.eval.tasks;

import org.apache.commons.math3.random.MersenneTwister;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws the k in-context examples of a generative task from its training split, deterministically: a Fisher-Yates
 * shuffle of the indices {@code 0..n-1} driven by a Mersenne Twister seeded with {@code seed} (commons-math3,
 * {@code nextInt(i + 1)} for i from n-1 down to 1), then the first k indices, in that shuffled order. Every test
 * item gets the same k examples, so the prompt prefix is shared and a baseline can be recomputed exactly. The order
 * does not depend on k: a draw of k' < k is the first k' of the draw of k, so a task that must use fewer shots drops
 * whole shots from the end of the same draw.
 */
public final class FewShotSampler {

    private FewShotSampler() {
    }

    public static <T> List<T> draw(List<T> pool, int k, long seed) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        if (k > pool.size()) {
            throw new IllegalArgumentException("k must not exceed the " + pool.size()
                    + " examples of the training split, got " + k);
        }
        int[] order = new int[pool.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        MersenneTwister random = new MersenneTwister(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<T> shots = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            shots.add(pool.get(order[i]));
        }
        return shots;
    }
}
