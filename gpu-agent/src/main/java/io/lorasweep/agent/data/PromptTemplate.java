package io.lorasweep.agent.data;

import io.lorasweep.agent.model.TextTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders instruction and chat examples into token ids with a loss mask. An instruction example is a prompt and its
 * output ({@link PromptCompletion}): the prompt encoded as a whole text (BOS as the tokenizer's config says), the
 * output learnt and ended with EOS. A chat learns its assistant turns, each ended with EOS; BOS, when the tokenizer
 * adds one, opens the first turn.
 */
public final class PromptTemplate {

    /** The Alpaca layout, the most common for instruction data, and the default for instruction files. */
    public static final PromptTemplate ALPACA = new PromptTemplate(
            "### Instruction:\n{instruction}\n\n### Input:\n{input}\n\n### Response:\n",
            "### Instruction:\n{instruction}\n\n### Response:\n", "<|{role}|>\n", "\n");

    private static final String INSTRUCTION = "{instruction}";
    private static final String INPUT = "{input}";
    private static final String DEFAULT_ROLE_HEADER = "<|{role}|>\n";
    private static final String DEFAULT_TURN_END = "\n";

    private final String withInput;
    private final String withoutInput;
    private final String roleHeader;
    private final String turnEnd;

    public PromptTemplate(String withInput, String withoutInput, String roleHeader, String turnEnd) {
        if (!withInput.contains(INSTRUCTION)) {
            throw new IllegalArgumentException("withInput must contain {instruction}");
        }
        if (!withoutInput.contains(INSTRUCTION)) {
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

    /**
     * A sweep's own layout ({@code dataset.prompt_template}): one template for examples with and without input, an
     * absent input being empty text. A template without {@code {input}} refuses examples that have one rather than
     * drop it. Chat examples keep the default chat layout.
     */
    public static PromptTemplate of(String template) {
        if (template == null || !template.contains(INSTRUCTION)) {
            throw new IllegalArgumentException("prompt_template must contain {instruction}, got '" + template + "'");
        }
        return new PromptTemplate(template, template.replace(INPUT, ""), DEFAULT_ROLE_HEADER, DEFAULT_TURN_END);
    }

    /** The prompt text of an instruction example (everything the model sees before its answer). */
    public String prompt(InstructionExample e) {
        if (e.input().isEmpty()) {
            return withoutInput.replace(INSTRUCTION, e.instruction());
        }
        if (!withInput.contains(INPUT)) {
            throw new IllegalArgumentException("the example has an input, but the prompt template has no {input}: "
                    + "the input would be dropped; add {input} to the template");
        }
        return withInput.replace(INSTRUCTION, e.instruction()).replace(INPUT, e.input());
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
        return PromptCompletion.tokenize(prompt(e), e.output(), tokenizer);
    }

    private TokenizedExample tokenizeChat(List<ChatMessage> messages, TextTokenizer tokenizer) {
        List<Integer> ids = new ArrayList<>();
        List<Boolean> target = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            String header = roleHeader.replace("{role}", m.role());
            // the first piece is where a whole text starts: the tokenizer's special tokens (BOS) go there
            append(ids, target, i == 0 ? tokenizer.encodeWithSpecialTokens(header) : tokenizer.encode(header), false);
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
