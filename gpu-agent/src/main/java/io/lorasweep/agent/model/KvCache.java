package io.lorasweep.agent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Keys and values of the tokens seen so far, per layer, as [B, kvHeads, S, D] after the rotary embedding, so a
 * generation step only runs the new token through the model. The arrays are detached from scopes: the cache owns
 * them and closes the old ones as it grows. Close the cache when the generation ends.
 */
public final class KvCache implements AutoCloseable {

    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;

    public KvCache(int layers) {
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be at least 1, got " + layers);
        }
        keys = new NDArray[layers];
        values = new NDArray[layers];
    }

    /** Tokens cached so far (the past length for the next forward pass). */
    public int length() {
        return length;
    }

    NDArray keys(int layer) {
        return keys[layer];
    }

    NDArray values(int layer) {
        return values[layer];
    }

    void put(int layer, NDArray k, NDArray v) {
        if (keys[layer] != null) {
            keys[layer].close();
            values[layer].close();
        }
        keys[layer] = NDScopes.detach(k);
        values[layer] = NDScopes.detach(v);
    }

    /** Rows of the batch cached so far (0 before the first forward pass). */
    public long batchSize() {
        return keys[0] == null ? 0 : keys[0].getShape().get(0);
    }

    /**
     * Keeps only the given rows of the batch, in that order (rows whose generation ended leave the batch), or
     * repeats one row (a shared prompt prefix computed once, handed to every row). {@code rows} is an int64 array
     * of row indices; call it inside the step's scope: the cache keeps the new arrays and closes the old ones.
     */
    public void selectRows(NDArray rows) {
        NDIndex index = new NDIndex("{}", rows);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                put(i, keys[i].get(index), values[i].get(index));
            }
        }
    }

    void advance(int tokens) {
        length += tokens;
    }

    @Override
    public void close() {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                keys[i].close();
                values[i].close();
                keys[i] = null;
                values[i] = null;
            }
        }
        length = 0;
    }
}
