package io.lorasweep.assets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a {@link ByteLevelBpe} in Hugging Face's {@code tokenizers} format: the {@code ByteLevel} pre-tokenizer
 * (GPT-2 regex, no prefix space), the BPE model with its vocabulary and merges, the {@code ByteLevel} decoder, the
 * special tokens as added tokens, and a {@code TemplateProcessing} post-processor that puts BOS before each
 * sequence: {@code encode(text, add_special_tokens=True)} gives {@code <s> ...}, never EOS (the trainer appends EOS
 * where an answer ends). Also the {@code tokenizer_config.json} transformers reads next to it.
 */
public final class TokenizerJson {

    public static final String PAD = "<pad>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final java.util.List<String> SPECIALS = java.util.List.of(PAD, BOS, EOS);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerJson() {
    }

    public static ObjectNode toJson(ByteLevelBpe bpe) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String s : bpe.specials()) {
            ObjectNode t = added.addObject();
            t.put("id", bpe.id(s));
            t.put("content", s);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(JSON.createObjectNode(), false));
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        special(single, BOS);
        sequence(single, "A", 0);
        ArrayNode pair = post.putArray("pair");
        special(pair, BOS);
        sequence(pair, "A", 0);
        special(pair, BOS);
        sequence(pair, "B", 1);
        ObjectNode specials = post.putObject("special_tokens");
        ObjectNode bos = specials.putObject(BOS);
        bos.put("id", BOS);
        bos.putArray("ids").add(bpe.id(BOS));
        bos.putArray("tokens").add(BOS);
        root.set("decoder", byteLevel(JSON.createObjectNode(), true));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (Map.Entry<String, Integer> e : bpe.vocab().entrySet()) {
            vocab.put(e.getKey(), e.getValue());
        }
        ArrayNode merges = model.putArray("merges");
        bpe.merges().forEach(merges::add);
        return root;
    }

    private static ObjectNode byteLevel(ObjectNode node, boolean prefixSpace) {
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", prefixSpace);
        node.put("trim_offsets", true);
        node.put("use_regex", true);
        return node;
    }

    private static void special(ArrayNode template, String token) {
        ObjectNode s = template.addObject().putObject("SpecialToken");
        s.put("id", token);
        s.put("type_id", 0);
    }

    private static void sequence(ArrayNode template, String id, int typeId) {
        ObjectNode s = template.addObject().putObject("Sequence");
        s.put("id", id);
        s.put("type_id", typeId);
    }

    /** {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir}. */
    public static void write(Path dir, ByteLevelBpe bpe, int modelMaxLength) {
        ObjectNode config = JSON.createObjectNode();
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.put("bos_token", BOS);
        config.put("eos_token", EOS);
        config.put("pad_token", PAD);
        config.put("add_bos_token", true);
        config.put("add_eos_token", false);
        config.put("model_max_length", modelMaxLength);
        config.put("clean_up_tokenization_spaces", false);
        try {
            Files.createDirectories(dir);
            // compact: the vocabulary and merges are thousands of lines when indented
            Files.writeString(dir.resolve("tokenizer.json"), new ObjectMapper().writeValueAsString(toJson(bpe)));
            Files.writeString(dir.resolve("tokenizer_config.json"), JSON.writeValueAsString(config) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tokenizer into " + dir, e);
        }
    }
}
