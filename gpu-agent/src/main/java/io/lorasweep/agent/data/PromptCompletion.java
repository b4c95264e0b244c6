package io.lorasweep.agent.data;

import io.lorasweep.agent.model.TextTokenizer;
import io.lorasweep.eval.tasks.PromptedExample;
import java.util.ArrayList;
import java.util.List;

/**
 * A prompt and the completion the model should learn after it, as token ids with a loss mask: the prompt as the
 * tokenizer's post-processor encodes a whole text (BOS exactly where the tokenizer's config puts it, as at
 * evaluation, where the same prompt is encoded the same way), no loss on it; then the completion without special
 * tokens and EOS, both learnt, so the model learns to answer and to stop. Prompt and completion are tokenised apart
 * and concatenated, so the prompt's ids are the ids the model is prompted with at evaluation, whatever the
 * tokenizer would merge across the boundary.
 */
public final class PromptCompletion {

    private PromptCompletion() {
    }

    public static TokenizedExample tokenize(String prompt, String completion, TextTokenizer tokenizer) {
        int[] promptIds = tokenizer.encodeWithSpecialTokens(prompt);
        int[] completionIds = tokenizer.encode(completion);
        boolean eos = tokenizer.eosId() >= 0;
        int n = promptIds.length + completionIds.length + (eos ? 1 : 0);
        int[] ids = new int[n];
        boolean[] target = new boolean[n];
        System.arraycopy(promptIds, 0, ids, 0, promptIds.length);
        System.arraycopy(completionIds, 0, ids, promptIds.length, completionIds.length);
        for (int i = promptIds.length; i < n; i++) {
            target[i] = true;
        }
        if (eos) {
            ids[n - 1] = tokenizer.eosId();
        }
        return new TokenizedExample(ids, target);
    }

    /** Every example of a task rendered for training ({@code prompt}, {@code target}), in order. */
    public static List<TokenizedExample> tokenizeAll(List<PromptedExample> examples,
                                                     TextTokenizer tokenizer) {
        List<TokenizedExample> out = new ArrayList<>(examples.size());
        for (PromptedExample e : examples) {
            out.add(tokenize(e.prompt(), e.target(), tokenizer));
        }
        return out;
    }
}
