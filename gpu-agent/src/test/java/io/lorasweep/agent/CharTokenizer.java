package io.lorasweep.agent;

import io.lorasweep.agent.model.TextTokenizer;

/** A tokenizer for tests: one id per character of a small alphabet, 1 = EOS, 2 = BOS, 0 = unknown. */
public final class CharTokenizer implements TextTokenizer {

    public static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz .,:#\n0123456789";
    public static final int VOCAB = ALPHABET.length() + 3;

    @Override
    public int[] encode(String text) {
        int[] ids = new int[text.length()];
        for (int i = 0; i < ids.length; i++) {
            int k = ALPHABET.indexOf(Character.toLowerCase(text.charAt(i)));
            ids[i] = k < 0 ? 0 : k + 3;
        }
        return ids;
    }

    @Override
    public int[] encodeWithSpecialTokens(String text) {
        int[] body = encode(text);
        int[] out = new int[body.length + 1];
        out[0] = 2;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id >= 3) {
                sb.append(ALPHABET.charAt(id - 3));
            }
        }
        return sb.toString();
    }

    @Override
    public int eosId() {
        return 1;
    }
}
