package io.lorasweep.agent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of the tokens seen so far, per layer, after the rotary embedding, so a generation step only runs
 * the new token through the model. Each layer's keys and values live in a buffer [B, kvHeads, capacity, D] that a
 * step writes its new columns into, rather than a new [B, kvHeads, S, D] array per step: concatenating copies the
 * whole cache on every token, which costs as much as the model itself once batches are wide. The buffers are
 * detached from scopes; the cache owns them, grows them (doubling) when a pass needs more room than reserved, and
 * frees them when closed. Inference only: the in-place writes have no gradient.
 */
public final class KvCache implements AutoCloseable {

    private final NDArray[] keys;
    private final NDArray[] values;
    /** Columns of each layer's buffers (the shape's own third dimension, without asking the engine). */
    private final int[] columns;
    private final int capacity;
    private int length;

    /** A cache that grows as needed. */
    public KvCache(int layers) {
        this(layers, 0);
    }

    /** A cache with room for {@code capacity} tokens per row before it has to grow. */
    public KvCache(int layers, int capacity) {
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be at least 1, got " + layers);
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        keys = new NDArray[layers];
        values = new NDArray[layers];
        columns = new int[layers];
        this.capacity = capacity;
    }

    /** Tokens cached so far (the past length for the next forward pass). */
    public int length() {
        return length;
    }

    /** Rows of the batch cached so far (0 before the first forward pass). */
    public long batchSize() {
        return keys[0] == null ? 0 : keys[0].getShape().get(0);
    }

    /**
     * Writes the new keys and values [B, kvHeads, tokens, D] of one layer after the cached ones and returns that
     * layer's keys and values of every token so far, [B, kvHeads, length + tokens, D] (views of the buffers).
     */
    NDList append(int layer, NDArray k, NDArray v, int tokens) {
        int total = length + tokens;
        if (keys[layer] == null) {
            columns[layer] = Math.max(capacity, total);
            keys[layer] = buffer(k, columns[layer]);
            values[layer] = buffer(v, columns[layer]);
        } else if (total > columns[layer]) {
            columns[layer] = Math.max(total, 2 * columns[layer]);
            keys[layer] = grow(keys[layer], columns[layer]);
            values[layer] = grow(values[layer], columns[layer]);
        }
        NDIndex fresh = columns(length, total);
        keys[layer].set(fresh, k);
        values[layer].set(fresh, v);
        NDIndex all = columns(0, total);
        return new NDList(keys[layer].get(all), values[layer].get(all));
    }

    private static NDIndex columns(int from, int to) {
        return new NDIndex().addAllDim().addAllDim().addSliceDim(from, to);
    }

    private static NDArray buffer(NDArray like, int columns) {
        Shape s = like.getShape();
        return NDScopes.detach(like.getManager().zeros(new Shape(s.get(0), s.get(1), columns, s.get(3)),
                like.getDataType()));
    }

    private NDArray grow(NDArray old, int size) {
        NDArray bigger = buffer(old, size);
        bigger.set(columns(0, length), old.get(columns(0, length)));
        old.close();
        return bigger;
    }

    /**
     * Keeps only the given rows of the batch, in that order (rows whose generation ended leave the batch), or
     * repeats one row (a shared prompt prefix computed once, handed to every row). {@code rows} is an int64 array
     * of row indices; call it inside the step's scope.
     */
    public void selectRows(NDArray rows) {
        NDIndex index = new NDIndex("{}", rows);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                NDArray k = NDScopes.detach(keys[i].get(index));
                NDArray v = NDScopes.detach(values[i].get(index));
                keys[i].close();
                values[i].close();
                keys[i] = k;
                values[i] = v;
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
