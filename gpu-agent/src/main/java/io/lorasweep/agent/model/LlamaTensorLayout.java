package io.lorasweep.agent.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tensor names and shapes of a LlamaForCausalLM checkpoint, derived from its config. */
public final class LlamaTensorLayout {

    public static final String EMBED = "model.embed_tokens.weight";
    public static final String FINAL_NORM = "model.norm.weight";
    public static final String LM_HEAD = "lm_head.weight";
    /** Projection names in the order PEFT and transformers list them. */
    public static final List<String> PROJECTIONS = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj",
            "up_proj", "down_proj");

    private LlamaTensorLayout() {
    }

    /** The module path of a projection, e.g. {@code model.layers.3.self_attn.q_proj}. */
    public static String projectionModule(int layer, String projection) {
        String block = projection.equals("gate_proj") || projection.equals("up_proj")
                || projection.equals("down_proj") ? "mlp" : "self_attn";
        if (!PROJECTIONS.contains(projection)) {
            throw new IllegalArgumentException("projection must be one of " + PROJECTIONS + ", got " + projection);
        }
        return "model.layers." + layer + "." + block + "." + projection;
    }

    public static String inputNorm(int layer) {
        return "model.layers." + layer + ".input_layernorm.weight";
    }

    public static String postAttentionNorm(int layer) {
        return "model.layers." + layer + ".post_attention_layernorm.weight";
    }

    /** [out, in] of a projection. */
    public static long[] projectionShape(LlamaConfig c, String projection) {
        long h = c.hiddenSize();
        long q = (long) c.numAttentionHeads() * c.headDim();
        long kv = (long) c.numKeyValueHeads() * c.headDim();
        switch (projection) {
            case "q_proj":
                return new long[] {q, h};
            case "k_proj":
            case "v_proj":
                return new long[] {kv, h};
            case "o_proj":
                return new long[] {h, q};
            case "gate_proj":
            case "up_proj":
                return new long[] {c.intermediateSize(), h};
            case "down_proj":
                return new long[] {h, c.intermediateSize()};
            default:
                throw new IllegalArgumentException("projection must be one of " + PROJECTIONS + ", got "
                        + projection);
        }
    }

    /** Every tensor the model needs, with its shape, in checkpoint order. */
    public static Map<String, long[]> expectedShapes(LlamaConfig c) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(EMBED, new long[] {c.vocabSize(), c.hiddenSize()});
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            shapes.put(inputNorm(i), new long[] {c.hiddenSize()});
            for (String p : PROJECTIONS) {
                shapes.put(projectionModule(i, p) + ".weight", projectionShape(c, p));
            }
            shapes.put(postAttentionNorm(i), new long[] {c.hiddenSize()});
        }
        shapes.put(FINAL_NORM, new long[] {c.hiddenSize()});
        if (!c.tieWordEmbeddings()) {
            shapes.put(LM_HEAD, new long[] {c.vocabSize(), c.hiddenSize()});
        }
        return shapes;
    }
}
