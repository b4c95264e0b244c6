package io.lorasweep.eval.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The strided sliding window of Hugging Face's guide "Perplexity of fixed-length models", as a plan of forward
 * passes over token positions {@code 0..n-1}, so the model can score a text longer than its context.
 *
 * <p>Windows start at {@code begin = 0, stride, 2*stride, ...}; each ends at {@code end = min(begin + maxLength, n)};
 * the walk stops after the window that reaches {@code n}. The guide labels only the last
 * {@code trg_len = end - prevEnd} tokens of a window (the rest only give context), and the model's one-token shift
 * means the first token of a window is never a prediction target. So a window scores exactly the positions
 * {@code [targetStart, end)} with {@code targetStart = max(prevEnd, begin + 1)}: each from the tokens
 * {@code [begin, position)} before it in the same window.
 *
 * <p>Consequences: position 0 (the first token of the text) is never scored. With {@code stride < maxLength} every
 * other position is scored exactly once, so {@code n - 1} tokens are predicted. With {@code stride == maxLength}
 * (non-overlapping windows) the first token of every window is dropped, as in the guide's own loop.
 */
public final class StridedWindows {

    /**
     * One forward pass over token positions {@code [begin, end)}; positions {@code [targetStart, end)} are scored.
     */
    public record Window(int begin, int end, int targetStart) {

        public Window {
            if (begin < 0 || end <= begin || targetStart <= begin || targetStart > end) {
                throw new IllegalArgumentException("window must satisfy 0 <= begin < targetStart <= end, got begin="
                        + begin + ", targetStart=" + targetStart + ", end=" + end);
            }
        }

        /** How many tokens the model sees in this pass. */
        public int length() {
            return end - begin;
        }

        /** How many positions this pass scores. */
        public int targets() {
            return end - targetStart;
        }
    }

    private StridedWindows() {
    }

    /**
     * The windows for a text of {@code tokens} tokens; empty when {@code tokens < 2} (nothing can be predicted).
     *
     * @param maxLength the model's context length, at least 2 so that a window can predict something
     * @param stride    how far each window advances, between 1 and {@code maxLength}
     */
    public static List<Window> plan(int tokens, int maxLength, int stride) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must be >= 0, got " + tokens);
        }
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be >= 2, got " + maxLength);
        }
        if (stride < 1 || stride > maxLength) {
            // a stride beyond maxLength would leave positions that no window covers
            throw new IllegalArgumentException("stride must be between 1 and maxLength=" + maxLength + ", got " + stride);
        }
        List<Window> windows = new ArrayList<>();
        if (tokens < 2) {
            return windows;
        }
        int prevEnd = 0;
        for (int begin = 0; begin < tokens; begin += stride) {
            int end = Math.min(begin + maxLength, tokens);
            int targetStart = Math.max(prevEnd, begin + 1);
            if (targetStart < end) {
                windows.add(new Window(begin, end, targetStart));
            }
            prevEnd = end;
            if (end == tokens) {
                break;
            }
        }
        return windows;
    }

    /** Total positions scored by a plan. */
    public static int scoredTokens(List<Window> windows) {
        int total = 0;
        for (Window w : windows) {
            total += w.targets();
        }
        return total;
    }
}
