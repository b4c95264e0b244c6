package io.lorasweep.stats;

import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Draws bootstrap resamples: n item indices with replacement, from a Mersenne Twister seeded once per run, so the
 * same seed gives the same resamples (and two systems compared on the same items see the same resamples).
 */
final class Resampler {

    private final RandomGenerator random;
    private final int n;

    Resampler(long seed, int n) {
        this.random = new MersenneTwister(seed);
        this.n = n;
    }

    int[] next() {
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = random.nextInt(n);
        }
        return indices;
    }

    /** A read-only view of {@code items} at {@code indices}; no copying of the items themselves. */
    static <T> List<T> view(List<T> items, int[] indices) {
        return new Picked<>(items, indices);
    }

    private static final class Picked<T> extends AbstractList<T> implements RandomAccess {
        private final List<T> items;
        private final int[] indices;

        Picked(List<T> items, int[] indices) {
            this.items = items;
            this.indices = indices;
        }

        @Override
        public T get(int index) {
            return items.get(indices[index]);
        }

        @Override
        public int size() {
            return indices.length;
        }
    }
}
