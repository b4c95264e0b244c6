package io.lorasweep.agent.model;

/** Text to token ids and back, as the model's tokenizer defines them. */
public interface TextTokenizer {

    /** Ids of the text alone, without special tokens (for pieces of a prompt). */
    int[] encode(String text);

    /** Ids as the tokenizer's own post-processor produces them (e.g. with BOS), for a whole document. */
    int[] encodeWithSpecialTokens(String text);

    String decode(int[] ids);

    /** The end-of-sequence id, or -1 when the tokenizer has none. */
    int eosId();
}
