package io.lorasweep.agent.data;

import io.lorasweep.agent.model.TextTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders instruction and chat examples into token ids with a loss mask. Prompt and response are tokenised apart
 * and concatenated, so the boundary is exact whatever the tokenizer merges; the response ends with EOS so the model
 * learns to stop.
 */
public final class PromptTemplate {

    /** The Alpaca layout, the most common for instruction data. */
    public static final PromptTemplate ALPACA = new PromptTemplate(
            "### Instruction:\n{instruction}\n\n### Input:\n{input}\n\n### Response:\n",
            "### Instruction:\n{instruction}\n\n### Response:\n", "<|{role}|>\n", "\n");

    private final String withInput;
    private final String withoutInput;
    private final String roleHeader;
    private final String turnEnd;

    public PromptTemplate(String withInput, String withoutInput, String roleHeader, String turnEnd) {
        if (!withInput.contains("{instruction}") || !withInput.contains("{input}")) {
            throw new IllegalArgumentException("withInput must contain {instruction} and {input}");
        }
        if (!withoutInput.contains("{instruction}")) {
            throw new IllegalArgumentException("withoutInput must contain {instruction}");
        }
        if (!roleHeader.contains("{role}")) {
            throw new IllegalArgumentException("roleHeader must contain {role}");
        }
        this.withInput = withInput;
        this.withoutInput = withoutInput;
        this.roleHeader = roleHeader;
        this.turnEnd = turnEnd;
    }

    /** The prompt text of an instruction example (everything the model sees before its answer). */
    public String prompt(InstructionExample e) {
        if (e.input().isEmpty()) {
            return withoutInput.replace("{instruction}", e.instruction());
        }
        return withInput.replace("{instruction}", e.instruction()).replace("{input}", e.input());
    }

    /** The prompt text of a chat: every turn, then the header of the assistant's next turn. */
    public String chatPrompt(List<ChatMessage> messages) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : messages) {
            sb.append(roleHeader.replace("{role}", m.role())).append(m.content()).append(turnEnd);
        }
        return sb.append(roleHeader.replace("{role}", "assistant")).toString();
    }

    public TokenizedExample tokenize(InstructionExample e, TextTokenizer tokenizer) {
        if (e.isChat()) {
            return tokenizeChat(e.messages(), tokenizer);
        }
        List<Integer> ids = new ArrayList<>();
        List<Boolean> target = new ArrayList<>();
        append(ids, target, tokenizer.encode(prompt(e)), false);
        append(ids, target, tokenizer.encode(e.output()), true);
        if (tokenizer.eosId() >= 0) {
            append(ids, target, new int[] {tokenizer.eosId()}, true);
        }
        return build(ids, target);
    }

    private TokenizedExample tokenizeChat(List<ChatMessage> messages, TextTokenizer tokenizer) {
        List<Integer> ids = new ArrayList<>();
        List<Boolean> target = new ArrayList<>();
        for (ChatMessage m : messages) {
            append(ids, target, tokenizer.encode(roleHeader.replace("{role}", m.role())), false);
            boolean learn = m.role().equals("assistant");
            append(ids, target, tokenizer.encode(m.content()), learn);
            if (learn && tokenizer.eosId() >= 0) {
                append(ids, target, new int[] {tokenizer.eosId()}, true);
            }
            append(ids, target, tokenizer.encode(turnEnd), false);
        }
        return build(ids, target);
    }

    private static void append(List<Integer> ids, List<Boolean> target, int[] tokens, boolean learn) {
        for (int t : tokens) {
            ids.add(t);
            target.add(learn);
        }
    }

    private static TokenizedExample build(List<Integer> ids, List<Boolean> target) {
        int[] i = new int[ids.size()];
        boolean[] t = new boolean[ids.size()];
        for (int k = 0; k < i.length; k++) {
            i[k] = ids.get(k);
            t[k] = target.get(k);
        }
        return new TokenizedExample(i, t);
    }
}
