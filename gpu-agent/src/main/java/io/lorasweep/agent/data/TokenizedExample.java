package io.lorasweep.agent.data;

/**
 * Token ids of one training example and which of them are targets of the loss (the response tokens); the prompt
 * tokens are context only.
 */
public record TokenizedExample(int[] ids, boolean[] target) {

    public TokenizedExample {
        if (ids.length != target.length) {
            throw new IllegalArgumentException("ids (" + ids.length + ") and target (" + target.length
                    + ") must have the same length");
        }
        if (ids.length < 2) {
            throw new IllegalArgumentException("an example needs at least 2 tokens, got " + ids.length);
        }
        ids = ids.clone();
        target = target.clone();
    }

    public int length() {
        return ids.length;
    }

    /** Tokens the loss is taken on (targets after the first token, which nothing predicts). */
    public int targetCount() {
        int n = 0;
        for (int i = 1; i < target.length; i++) {
            n += target[i] ? 1 : 0;
        }
        return n;
    }
}
