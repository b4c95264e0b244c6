package io.lorasweep.agent.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code config.json} of a Hugging Face {@code LlamaForCausalLM}: the numbers that fix every tensor shape and
 * the forward pass. Fields this implementation does not support (attention or MLP biases, other rope types) are
 * rejected rather than ignored, because ignoring them would silently compute a different model.
 */
public record LlamaConfig(int vocabSize, int hiddenSize, int intermediateSize, int numHiddenLayers,
        int numAttentionHeads, int numKeyValueHeads, int headDim, double rmsNormEps, double ropeTheta,
        int maxPositionEmbeddings, boolean tieWordEmbeddings, Integer bosTokenId, List<Integer> eosTokenIds,
        RopeScaling ropeScaling) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public LlamaConfig {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("intermediate_size", intermediateSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("num_key_value_heads", numKeyValueHeads);
        positive("head_dim", headDim);
        positive("max_position_embeddings", maxPositionEmbeddings);
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads (" + numAttentionHeads
                    + ") must be a multiple of num_key_value_heads (" + numKeyValueHeads + ")");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim must be even for rotary embeddings, got " + headDim);
        }
        if (!(rmsNormEps > 0)) {
            throw new IllegalArgumentException("rms_norm_eps must be > 0, got " + rmsNormEps);
        }
        if (!(ropeTheta > 0)) {
            throw new IllegalArgumentException("rope_theta must be > 0, got " + ropeTheta);
        }
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    /** A config with the usual defaults for the rest: head_dim = hidden/heads, eps 1e-5, theta 10000. */
    public static LlamaConfig of(int vocabSize, int hiddenSize, int intermediateSize, int layers, int heads,
            int kvHeads, int maxPositions, boolean tied) {
        if (heads <= 0 || hiddenSize % heads != 0) {
            throw new IllegalArgumentException("hidden_size (" + hiddenSize + ") must be a multiple of "
                    + "num_attention_heads (" + heads + ")");
        }
        return new LlamaConfig(vocabSize, hiddenSize, intermediateSize, layers, heads, kvHeads, hiddenSize / heads,
                1e-5, 10000.0, maxPositions, tied, null, List.of(), null);
    }

    public LlamaConfig withRopeScaling(RopeScaling scaling) {
        return new LlamaConfig(vocabSize, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads,
                numKeyValueHeads, headDim, rmsNormEps, ropeTheta, maxPositionEmbeddings, tieWordEmbeddings,
                bosTokenId, eosTokenIds, scaling);
    }

    public LlamaConfig withSpecialTokens(Integer bos, List<Integer> eos) {
        return new LlamaConfig(vocabSize, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads,
                numKeyValueHeads, headDim, rmsNormEps, ropeTheta, maxPositionEmbeddings, tieWordEmbeddings, bos,
                eos, ropeScaling);
    }

    public LlamaConfig withRopeTheta(double theta) {
        return new LlamaConfig(vocabSize, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads,
                numKeyValueHeads, headDim, rmsNormEps, theta, maxPositionEmbeddings, tieWordEmbeddings,
                bosTokenId, eosTokenIds, ropeScaling);
    }

    public int kvGroups() {
        return numAttentionHeads / numKeyValueHeads;
    }

    /** Parameters of the whole model, counting a tied LM head once. */
    public long parameterCount() {
        long h = hiddenSize;
        long attn = h * numAttentionHeads * headDim * 2 + h * numKeyValueHeads * headDim * 2L;
        long mlp = 3L * h * intermediateSize;
        long layer = attn + mlp + 2 * h;
        return (long) vocabSize * h * (tieWordEmbeddings ? 1 : 2) + numHiddenLayers * layer + h;
    }

    public static LlamaConfig read(Path configJson) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(configJson));
        } catch (NoSuchFileException e) {
            throw new ModelFormatException("no config.json at " + configJson);
        } catch (IOException e) {
            throw new ModelFormatException(configJson + " is not valid JSON: " + e.getMessage());
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(configJson + ": " + e.getMessage());
        }
    }

    public static LlamaConfig parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("config is not a JSON object");
        }
        String modelType = root.path("model_type").asText("");
        JsonNode archs = root.path("architectures");
        boolean llamaArch = archs.isMissingNode() || archs.size() == 0;
        for (JsonNode a : archs) {
            llamaArch |= a.asText().equals("LlamaForCausalLM");
        }
        if (!modelType.equals("llama") || !llamaArch) {
            throw new IllegalArgumentException("unsupported architecture: model_type '" + modelType
                    + "', architectures " + archs + "; only LlamaForCausalLM (model_type llama) is supported");
        }
        if (root.path("attention_bias").asBoolean(false) || root.path("mlp_bias").asBoolean(false)) {
            throw new IllegalArgumentException("attention_bias / mlp_bias = true is not supported");
        }
        String act = root.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException("hidden_act '" + act + "' is not supported, only silu");
        }
        int hidden = required(root, "hidden_size");
        int heads = required(root, "num_attention_heads");
        int headDim = root.hasNonNull("head_dim") ? root.get("head_dim").asInt() : hidden / heads;
        RopeScaling scaling = null;
        JsonNode rs = root.path("rope_scaling");
        if (rs.isObject()) {
            String type = rs.hasNonNull("rope_type") ? rs.get("rope_type").asText() : rs.path("type").asText("");
            if (type.equals("llama3")) {
                scaling = new RopeScaling(rs.path("factor").asDouble(8.0), rs.path("low_freq_factor").asDouble(1.0),
                        rs.path("high_freq_factor").asDouble(4.0),
                        rs.path("original_max_position_embeddings").asInt(8192));
            } else if (!type.equals("default")) {
                throw new IllegalArgumentException("rope_scaling type '" + type
                        + "' is not supported, only llama3 (or none)");
            }
        }
        List<Integer> eos = new ArrayList<>();
        JsonNode eosNode = root.path("eos_token_id");
        if (eosNode.isArray()) {
            eosNode.forEach(n -> eos.add(n.asInt()));
        } else if (eosNode.canConvertToInt()) {
            eos.add(eosNode.asInt());
        }
        Integer bos = root.path("bos_token_id").canConvertToInt() ? root.get("bos_token_id").asInt() : null;
        return new LlamaConfig(required(root, "vocab_size"), hidden, required(root, "intermediate_size"),
                required(root, "num_hidden_layers"), heads,
                root.hasNonNull("num_key_value_heads") ? root.get("num_key_value_heads").asInt() : heads, headDim,
                root.path("rms_norm_eps").asDouble(1e-6), root.path("rope_theta").asDouble(10000.0),
                root.path("max_position_embeddings").asInt(2048), root.path("tie_word_embeddings").asBoolean(false),
                bos, eos, scaling);
    }

    private static int required(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.canConvertToInt()) {
            throw new IllegalArgumentException("config.json needs an integer '" + field + "'");
        }
        return n.asInt();
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.putArray("architectures").add("LlamaForCausalLM");
        o.put("model_type", "llama");
        o.put("vocab_size", vocabSize);
        o.put("hidden_size", hiddenSize);
        o.put("intermediate_size", intermediateSize);
        o.put("num_hidden_layers", numHiddenLayers);
        o.put("num_attention_heads", numAttentionHeads);
        o.put("num_key_value_heads", numKeyValueHeads);
        o.put("head_dim", headDim);
        o.put("hidden_act", "silu");
        o.put("rms_norm_eps", rmsNormEps);
        o.put("rope_theta", ropeTheta);
        o.put("max_position_embeddings", maxPositionEmbeddings);
        o.put("tie_word_embeddings", tieWordEmbeddings);
        o.put("attention_bias", false);
        o.put("mlp_bias", false);
        o.put("torch_dtype", "float32");
        if (bosTokenId != null) {
            o.put("bos_token_id", bosTokenId);
        }
        if (eosTokenIds.size() == 1) {
            o.put("eos_token_id", eosTokenIds.get(0));
        } else if (!eosTokenIds.isEmpty()) {
            ArrayNode a = o.putArray("eos_token_id");
            eosTokenIds.forEach(a::add);
        }
        if (ropeScaling != null) {
            ObjectNode rs = o.putObject("rope_scaling");
            rs.put("rope_type", "llama3");
            rs.put("factor", ropeScaling.factor());
            rs.put("low_freq_factor", ropeScaling.lowFreqFactor());
            rs.put("high_freq_factor", ropeScaling.highFreqFactor());
            rs.put("original_max_position_embeddings", ropeScaling.originalMaxPositionEmbeddings());
        }
        return o;
    }

    public void write(Path configJson) {
        try {
            Files.writeString(configJson, JSON.writeValueAsString(toJson()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configJson, e);
        }
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }
}
