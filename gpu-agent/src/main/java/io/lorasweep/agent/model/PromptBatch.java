package io.lorasweep.agent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Token sequences laid out to go through the model together. Their longest common prefix, when it is at least
 * {@code minSharedPrefix} tokens, runs once with batch 1 and its cache is handed to every row (k-shot prompts of a
 * task share the instruction and the shots); each row's remaining tokens follow, left-padded to the longest, so a
 * row reads [prefix | padding | rest]. The attention mask marks the padding and positions count real tokens only,
 * so each row gets the hidden states it would get alone.
 */
public final class PromptBatch {

    /** Id fed at padded places; any valid id would do, the mask hides it. */
    private static final long PAD_ID = 0;

    private final int[][] rows;
    private final int prefix;
    private final int width;

    private PromptBatch(int[][] rows, int prefix, int width) {
        this.rows = rows;
        this.prefix = prefix;
        this.width = width;
    }

    /**
     * @param rows the sequences, none empty
     * @param last how many final tokens of each row the caller wants hidden states for: the shared prefix stops
     *     short of them, so they come out of the padded pass
     * @param minSharedPrefix the shortest common prefix worth a pass of its own
     */
    public static PromptBatch of(List<int[]> rows, int last, int minSharedPrefix) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("rows must not be empty");
        }
        if (last < 1) {
            throw new IllegalArgumentException("last must be at least 1, got " + last);
        }
        if (minSharedPrefix < 1) {
            throw new IllegalArgumentException("minSharedPrefix must be at least 1, got " + minSharedPrefix);
        }
        int[] first = rows.get(0);
        int common = first.length;
        int shortest = Integer.MAX_VALUE;
        for (int[] row : rows) {
            if (row.length == 0) {
                throw new IllegalArgumentException("a row of the batch is empty");
            }
            shortest = Math.min(shortest, row.length);
            common = Math.min(common, commonPrefix(first, row));
        }
        int prefix = Math.min(common, shortest - last);
        if (prefix < minSharedPrefix || rows.size() == 1) {
            prefix = 0;
        }
        int width = 0;
        for (int[] row : rows) {
            width = Math.max(width, row.length - prefix);
        }
        if (last > width) {
            throw new IllegalArgumentException("last must be at most the longest row (" + width + "), got " + last);
        }
        return new PromptBatch(rows.toArray(new int[0][]), prefix, width);
    }

    /**
     * Cuts rows, sorted by length, into consecutive batches of at most {@code maxRows} rows whose padded pass (the
     * rows after their common prefix, when one would be shared) holds at most {@code maxTokens} tokens, so a batch's
     * attention scores stay bounded however long the prompts; a row alone always makes a batch.
     *
     * @return the end (exclusive) of each batch in {@code rows}
     */
    public static List<Integer> plan(List<int[]> rows, int maxRows, int maxTokens, int minSharedPrefix) {
        List<Integer> ends = new ArrayList<>();
        int from = 0;
        while (from < rows.size()) {
            int[] first = rows.get(from);
            int common = first.length;
            int longest = first.length;
            int to = from + 1;
            while (to < rows.size() && to - from < maxRows) {
                int[] row = rows.get(to);
                int shared = Math.min(common, commonPrefix(first, row));
                int top = Math.max(longest, row.length);
                int width = top - (shared >= minSharedPrefix ? shared : 0);
                if ((long) (to - from + 1) * width > maxTokens) {
                    break;
                }
                common = shared;
                longest = top;
                to++;
            }
            ends.add(to);
            from = to;
        }
        return ends;
    }

    private static int commonPrefix(int[] a, int[] b) {
        int i = 0;
        while (i < a.length && i < b.length && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    public int size() {
        return rows.length;
    }

    /** Tokens computed once for every row (0 when the rows share too little). */
    public int prefixLength() {
        return prefix;
    }

    /** Padding between the shared prefix and row {@code row}'s own tokens. */
    public int padding(int row) {
        return prefix + width - rows[row].length;
    }

    /** Columns of the cache after {@link #run}: prefix plus the padded rest. */
    public int length() {
        return prefix + width;
    }

    /** Whether any row is padded (otherwise no attention mask is needed). */
    public boolean padded() {
        for (int r = 0; r < rows.length; r++) {
            if (padding(r) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs every token of every row into {@code cache} (which must be empty) and returns the final hidden states of
     * the last {@code last} columns, [B, last, H]; a row shorter than that has padding in its first columns. Call it
     * inside the step's scope.
     */
    public NDArray run(LlamaModel model, KvCache cache, int last) {
        if (cache.length() != 0) {
            throw new IllegalArgumentException("cache must be empty, holds " + cache.length() + " tokens");
        }
        NDManager manager = model.manager();
        if (prefix > 0) {
            long[] shared = new long[prefix];
            for (int i = 0; i < prefix; i++) {
                shared[i] = rows[0][i];
            }
            model.hiddenStates(manager.create(shared, new Shape(1, prefix)), null, cache);
            cache.selectRows(manager.zeros(new Shape(rows.length), DataType.INT64));
        }
        long[] ids = new long[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            int pad = padding(r);
            for (int c = 0; c < width; c++) {
                ids[r * width + c] = c < pad ? PAD_ID : rows[r][prefix + c - pad];
            }
        }
        NDArray mask = padded() ? manager.create(mask(allRows(), length()), new Shape(rows.length, length())) : null;
        NDArray hidden = model.hiddenStates(manager.create(ids, new Shape(rows.length, width)), mask, cache);
        return hidden.get(":, " + (width - last) + ":, :");
    }

    /**
     * Attention mask values [rows.length, columns] for the given rows of this batch once the cache holds
     * {@code columns} tokens (every column after the padded pass is a real token).
     */
    public long[] mask(int[] rowIndices, int columns) {
        long[] mask = new long[rowIndices.length * columns];
        for (int i = 0; i < rowIndices.length; i++) {
            int pad = padding(rowIndices[i]);
            int base = i * columns;
            for (int c = 0; c < columns; c++) {
                mask[base + c] = c >= prefix && c < prefix + pad ? 0 : 1;
            }
        }
        return mask;
    }

    private int[] allRows() {
        int[] all = new int[rows.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }
}
