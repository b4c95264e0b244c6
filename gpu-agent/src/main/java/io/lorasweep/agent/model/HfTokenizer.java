package io.lorasweep.agent.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A {@code tokenizer.json} through DJL's binding of Hugging Face tokenizers, with truncation and padding switched
 * off: DJL's builder otherwise truncates to a default length, and a silently shortened text would give a wrong
 * perplexity.
 */
public final class HfTokenizer implements TextTokenizer, AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int eosId;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, int eosId) {
        this.tokenizer = tokenizer;
        this.eosId = eosId;
    }

    /** Loads {@code tokenizer.json} from a model folder (or the file itself); eos from config.json when given. */
    public static HfTokenizer load(Path modelDirOrFile, int eosId) {
        Path file = Files.isDirectory(modelDirOrFile) ? modelDirOrFile.resolve("tokenizer.json") : modelDirOrFile;
        if (!Files.exists(file)) {
            throw new ModelFormatException("no tokenizer.json at " + file);
        }
        try {
            HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(file, Map.of("truncation", "false",
                    "padding", "false", "addSpecialTokens", "false", "maxLength", String.valueOf(Integer.MAX_VALUE)));
            return new HfTokenizer(t, eosId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer " + file, e);
        }
    }

    @Override
    public int[] encode(String text) {
        return toInts(tokenizer.encode(text, false, false));
    }

    @Override
    public int[] encodeWithSpecialTokens(String text) {
        return toInts(tokenizer.encode(text, true, false));
    }

    private static int[] toInts(Encoding encoding) {
        long[] ids = encoding.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, true);
    }

    @Override
    public int eosId() {
        return eosId;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
