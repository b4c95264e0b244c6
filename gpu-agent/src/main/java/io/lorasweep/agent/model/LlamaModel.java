package io.lorasweep.agent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import io.lorasweep.agent.io.HostTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The Llama decoder (LlamaForCausalLM) as plain NDArray code: embeddings, per layer RMSNorm, rotary grouped-query
 * attention with a causal mask and SwiGLU MLP, a final norm and the LM head (tied or not).
 *
 * <p>The model owns its weights in its own {@link NDManager}. A forward pass creates temporaries: call it inside an
 * {@link ai.djl.ndarray.NDScope} (one per step or request) so they are freed when the step ends.
 *
 * <p>Positions come from the attention mask (cumulative count of real tokens), as Hugging Face's {@code generate}
 * computes them, so a left-padded sequence gets the same logits as the same sequence unpadded.
 */
public final class LlamaModel implements AutoCloseable {

    private final LlamaConfig config;
    private final Precision precision;
    private final NDManager manager;
    private final NDArray embed;
    private final NDArray finalNorm;
    private final NDArray lmHead;
    private final NDArray[] inputNorms;
    private final NDArray[] postNorms;
    private final Map<String, LinearLayer> linears;
    /** The same layers by [layer][index in PROJECTIONS], so a forward pass builds no module names. */
    private final LinearLayer[][] projections;
    private final RotaryEmbedding rope;
    /** RMSNorm's epsilon, made once: a constant per norm call is two more native calls on every layer. */
    private final NDArray epsilon;
    private final NDArray one;
    /** 1 in the compute precision: the floor of a row's scale in half-precision RMSNorm. */
    private final NDArray unit;
    /** The score bias of a masked key, per unit of (allowed - 1). */
    private final NDArray maskedScore;

    private LlamaModel(LlamaConfig config, NDManager manager, Map<String, HostTensor> tensors,
            LinearFactory linearFactory, Precision precision) {
        this.config = config;
        this.precision = precision;
        this.manager = manager;
        Map<String, long[]> shapes = LlamaTensorLayout.expectedShapes(config);
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            HostTensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new ModelFormatException("missing tensor '" + e.getKey() + "'");
            }
            if (!java.util.Arrays.equals(t.shape(), e.getValue())) {
                throw new ModelFormatException("tensor '" + e.getKey() + "' has shape "
                        + java.util.Arrays.toString(t.shape()) + " but config.json implies "
                        + java.util.Arrays.toString(e.getValue()));
            }
        }
        this.embed = array(tensors.get(LlamaTensorLayout.EMBED));
        this.finalNorm = array(tensors.get(LlamaTensorLayout.FINAL_NORM));
        this.lmHead = config.tieWordEmbeddings() ? null : array(tensors.get(LlamaTensorLayout.LM_HEAD));
        int layers = config.numHiddenLayers();
        inputNorms = new NDArray[layers];
        postNorms = new NDArray[layers];
        linears = new LinkedHashMap<>();
        for (int i = 0; i < layers; i++) {
            inputNorms[i] = array(tensors.get(LlamaTensorLayout.inputNorm(i)));
            postNorms[i] = array(tensors.get(LlamaTensorLayout.postAttentionNorm(i)));
            for (String p : LlamaTensorLayout.PROJECTIONS) {
                String module = LlamaTensorLayout.projectionModule(i, p);
                linears.put(module, linearFactory.create(module, tensors.get(module + ".weight"), manager,
                        precision));
            }
        }
        this.projections = new LinearLayer[layers][LlamaTensorLayout.PROJECTIONS.size()];
        refreshProjections();
        this.rope = new RotaryEmbedding(config, manager, precision);
        this.epsilon = NDScopes.detach(Scalars.constant(embed, config.rmsNormEps()));
        this.one = NDScopes.detach(manager.full(new Shape(), 1, DataType.INT64));
        this.unit = NDScopes.detach(Scalars.constant(embed, 1));
        this.maskedScore = NDScopes.detach(Scalars.constant(embed, -precision.maskedScore()));
    }

    private NDArray array(HostTensor t) {
        return NDScopes.detach(precision.cast(manager.create(t.values(), new Shape(t.shape()))));
    }

    /**
     * A model from host tensors named as in a HF checkpoint, computing in {@code precision}; its weights live in a
     * sub-manager of {@code parent}.
     */
    public static LlamaModel fromTensors(LlamaConfig config, Map<String, HostTensor> tensors, NDManager parent,
            LinearFactory linearFactory, Precision precision) {
        NDManager m = parent.newSubManager();
        try {
            return new LlamaModel(config, m, tensors, linearFactory, precision);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    public static LlamaModel fromTensors(LlamaConfig config, Map<String, HostTensor> tensors, NDManager parent,
            LinearFactory linearFactory) {
        return fromTensors(config, tensors, parent, linearFactory, Precision.F32);
    }

    public static LlamaModel fromTensors(LlamaConfig config, Map<String, HostTensor> tensors, NDManager parent) {
        return fromTensors(config, tensors, parent, LinearFactory.dense());
    }

    /**
     * Loads a HF model folder to compute in {@code precision}; projections go through {@code linearFactory} (dense
     * or quantised).
     */
    public static LlamaModel load(Path dir, NDManager parent, LinearFactory linearFactory, Precision precision) {
        try (HfCheckpoint checkpoint = HfCheckpoint.open(dir)) {
            return fromTensors(checkpoint.config(), checkpoint.readAll(), parent, linearFactory, precision);
        }
    }

    public static LlamaModel load(Path dir, NDManager parent, LinearFactory linearFactory) {
        return load(dir, parent, linearFactory, Precision.F32);
    }

    public static LlamaModel load(Path dir, NDManager parent) {
        return load(dir, parent, LinearFactory.dense());
    }

    /**
     * Random weights as transformers initialises a Llama (normal with std {@code initStd}, norms at one); used for
     * tests and as the starting point of pretraining.
     */
    public static Map<String, HostTensor> randomTensors(LlamaConfig config, long seed, double initStd) {
        Random random = new Random(seed);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        LlamaTensorLayout.expectedShapes(config).forEach((name, shape) -> {
            float[] v = new float[(int) HostTensor.elementCount(shape)];
            boolean norm = shape.length == 1;
            for (int i = 0; i < v.length; i++) {
                v[i] = norm ? 1f : (float) (random.nextGaussian() * initStd);
            }
            out.put(name, new HostTensor(shape, v));
        });
        return out;
    }

    public LlamaConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    public Precision precision() {
        return precision;
    }

    /** Module paths of the seven projections of every layer, in order. */
    public List<String> linearModules() {
        return new ArrayList<>(linears.keySet());
    }

    public LinearLayer linear(String module) {
        LinearLayer l = linears.get(module);
        if (l == null) {
            throw new IllegalArgumentException("no linear module '" + module + "'");
        }
        return l;
    }

    /** Swaps a projection (e.g. wraps it in LoRA); returns the previous one. */
    public LinearLayer replaceLinear(String module, LinearLayer layer) {
        LinearLayer old = linear(module);
        if (old.inFeatures() != layer.inFeatures() || old.outFeatures() != layer.outFeatures()) {
            throw new IllegalArgumentException("layer for " + module + " must map " + old.inFeatures() + " -> "
                    + old.outFeatures() + ", got " + layer.inFeatures() + " -> " + layer.outFeatures());
        }
        linears.put(module, layer);
        refreshProjections();
        return old;
    }

    private void refreshProjections() {
        for (int i = 0; i < projections.length; i++) {
            for (int j = 0; j < projections[i].length; j++) {
                projections[i][j] = linears.get(LlamaTensorLayout.projectionModule(i,
                        LlamaTensorLayout.PROJECTIONS.get(j)));
            }
        }
    }

    public Map<String, LinearLayer> linears() {
        return Collections.unmodifiableMap(linears);
    }

    /** The non-projection weights (embeddings, norms, LM head) with their checkpoint names. */
    public List<NamedParameter> otherWeights() {
        List<NamedParameter> out = new ArrayList<>();
        out.add(new NamedParameter(LlamaTensorLayout.EMBED, embed));
        for (int i = 0; i < inputNorms.length; i++) {
            out.add(new NamedParameter(LlamaTensorLayout.inputNorm(i), inputNorms[i]));
            out.add(new NamedParameter(LlamaTensorLayout.postAttentionNorm(i), postNorms[i]));
        }
        out.add(new NamedParameter(LlamaTensorLayout.FINAL_NORM, finalNorm));
        if (lmHead != null) {
            out.add(new NamedParameter(LlamaTensorLayout.LM_HEAD, lmHead));
        }
        return out;
    }

    /**
     * Logits [B, T, V] for token ids [B, T].
     *
     * @param attentionMask [B, past + T] with 1 for real tokens and 0 for padding, or null when nothing is padded
     * @param cache keys/values of the past tokens, extended by this call; null for a plain forward pass
     */
    public NDArray forward(NDArray inputIds, NDArray attentionMask, KvCache cache) {
        return logits(hiddenStates(inputIds, attentionMask, cache));
    }

    /** The LM head: hidden states [..., H] (from {@link #hiddenStates}) to logits [..., V]. */
    public NDArray logits(NDArray hidden) {
        return Linear.linear(hidden, lmHead == null ? embed : lmHead).singletonOrThrow();
    }

    /**
     * The final (normed) hidden states [B, T, H] that {@link #forward} turns into logits. A caller that needs the
     * logits of a few positions only (the last one of a prompt) picks them here and calls {@link #logits}: the LM
     * head of a whole prompt is a [B, T, V] product that nobody reads.
     *
     * <p>With a mask, only the real tokens of a row take positions, so a row may carry more padding than the
     * context as long as its real tokens fit (rows of a batch finish at different times but share one cache).
     */
    public NDArray hiddenStates(NDArray inputIds, NDArray attentionMask, KvCache cache) {
        NDArray ids = inputIds.getDataType() == DataType.INT64 ? inputIds : inputIds.toType(DataType.INT64, false);
        Shape shape = ids.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("inputIds must be [batch, tokens], got " + shape);
        }
        long batch = shape.get(0);
        long tokens = shape.get(1);
        int past = cache == null ? 0 : cache.length();
        long total = past + tokens;
        NDManager m = ids.getManager();
        NDArray positions;
        NDArray keyMask = null;
        int maxPosition = (int) total - 1;
        if (attentionMask == null) {
            if (total > config.maxPositionEmbeddings()) {
                throw new IllegalArgumentException(total + " tokens exceed max_position_embeddings "
                        + config.maxPositionEmbeddings());
            }
            positions = m.arange(past, (int) total, 1, DataType.INT64).reshape(1, tokens);
            positions = batch == 1 ? positions : positions.broadcast(batch, tokens);
        } else {
            if (!attentionMask.getShape().equals(new Shape(batch, total))) {
                throw new IllegalArgumentException("attentionMask must be [" + batch + ", " + total + "], got "
                        + attentionMask.getShape());
            }
            NDArray mask64 = attentionMask.toType(DataType.INT64, false);
            // a token's position is the count of real tokens before it
            positions = tokens == 1 ? mask64.sum(new int[] {1}, true)
                    : mask64.cumSum(1).get(new NDIndex().addAllDim().addSliceDim(past, total));
            positions = positions.sub(one).clip(0, Long.MAX_VALUE);
            if (total > config.maxPositionEmbeddings()) {
                // padding takes no position: only the rows' real tokens must fit
                maxPosition = (int) positions.max().getLong();
                if (maxPosition >= config.maxPositionEmbeddings()) {
                    throw new IllegalArgumentException((maxPosition + 1) + " tokens of a row exceed "
                            + "max_position_embeddings " + config.maxPositionEmbeddings());
                }
            }
            keyMask = mask64.toType(DataType.BOOLEAN, false).reshape(batch, 1, 1, total);
        }
        NDArray allowed = keyMask;
        if (tokens > 1) {
            // a single new token may see every cached key: only a longer block needs the causal triangle
            NDArray queryPos = m.arange(past, (int) total).reshape(tokens, 1);
            NDArray keyPos = m.arange(0, (int) total).reshape(1, total);
            NDArray causal = keyPos.lte(queryPos).reshape(1, 1, tokens, total);
            allowed = keyMask == null ? causal : causal.logicalAnd(keyMask);
        }
        // 0 where allowed, the masked score where not
        NDArray bias = allowed == null ? null
                : allowed.toType(precision.type(), false).sub(one).mul(maskedScore);
        RotaryEmbedding.Angles angles = rope.angles(positions, maxPosition);

        NDArray x = Embedding.embedding(ids, embed, SparseFormat.DENSE).singletonOrThrow();
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            x = decoderLayer(layer, x, batch, tokens, angles, bias, cache);
        }
        if (cache != null) {
            cache.advance((int) tokens);
        }
        return rmsNorm(x, finalNorm);
    }

    private NDArray decoderLayer(int layer, NDArray x, long batch, long tokens, RotaryEmbedding.Angles angles,
            NDArray bias, KvCache cache) {
        int heads = config.numAttentionHeads();
        int kvHeads = config.numKeyValueHeads();
        int groups = config.kvGroups();
        int d = config.headDim();
        LinearLayer[] p = projections[layer];
        NDArray h = rmsNorm(x, inputNorms[layer]);
        NDArray q = rope.rotateQueries(toHeads(p[0].forward(h), batch, tokens, heads), angles);
        NDArray k = rope.rotateKeys(toHeads(p[1].forward(h), batch, tokens, kvHeads), angles);
        NDArray v = toHeads(p[2].forward(h), batch, tokens, kvHeads);
        long keys = tokens;
        if (cache != null) {
            NDList all = cache.append(layer, k, v, (int) tokens);
            k = all.get(0);
            v = all.get(1);
            keys += cache.length();
        }
        // each kv head serves `groups` consecutive query heads (transformers' repeat_kv): fold those heads into the
        // query rows of their kv head instead of copying the keys and values `groups` times
        NDArray scores = q.reshape(batch, kvHeads, groups * tokens, d).matMul(k.transpose(0, 1, 3, 2))
                .reshape(batch, heads, tokens, keys);
        if (bias != null) {
            scores = scores.add(bias);
        }
        NDArray attn = scores.softmax(-1).reshape(batch, kvHeads, groups * tokens, keys).matMul(v);
        // [B, kvHeads, groups * T, D] back to [B, T, heads * D]; for one token the heads are already in order
        attn = tokens == 1 ? attn.reshape(batch, 1, (long) heads * d)
                : attn.reshape(batch, heads, tokens, d).transpose(0, 2, 1, 3).reshape(batch, tokens,
                        (long) heads * d);
        x = x.add(p[3].forward(attn));
        NDArray h2 = rmsNorm(x, postNorms[layer]);
        NDArray gate = p[4].forward(h2);
        NDArray up = p[5].forward(h2);
        return x.add(p[6].forward(gate.mul(Activation.sigmoid(gate)).mul(up)));
    }

    /** [B, T, n * D] to [B, n, T, D]; for one token a reshape alone, since T = 1 moves nothing. */
    private NDArray toHeads(NDArray y, long batch, long tokens, int n) {
        long d = config.headDim();
        return tokens == 1 ? y.reshape(batch, n, 1, d) : y.reshape(batch, tokens, n, d).transpose(0, 2, 1, 3);
    }

    private NDArray rmsNorm(NDArray x, NDArray weight) {
        if (precision == Precision.F16) {
            return rmsNormHalf(x, weight);
        }
        NDArray variance = x.square().mean(new int[] {-1}, true);
        return x.div(variance.add(epsilon).sqrt()).mul(weight);
    }

    /**
     * RMSNorm where x² would overflow f16 (|x| > 256, which hidden states of large models reach): x/s divided by
     * sqrt(mean((x/s)²) + eps/s²) is the same function for every s > 0, so s = max(max|x|, 1) per row, held as a
     * constant (its gradient is exactly zero), keeps every square at most 1. eps/s² underflows only where s is
     * large, and there eps does not matter.
     */
    private NDArray rmsNormHalf(NDArray x, NDArray weight) {
        NDArray s = x.abs().max(new int[] {-1}, true).stopGradient().maximum(unit);
        NDArray scaled = x.div(s);
        NDArray variance = scaled.square().mean(new int[] {-1}, true);
        return scaled.div(variance.add(epsilon.div(s.square())).sqrt()).mul(weight);
    }

    /** Bytes of all base weights (projections as stored, everything else in the model's precision). */
    public long baseWeightBytes() {
        return linearWeightBytes() + otherWeights().stream().mapToLong(p -> p.array().size() * precision.bytes())
                .sum();
    }

    /** Bytes of the projection base weights only, in their storage form. */
    public long linearWeightBytes() {
        long bytes = 0;
        for (LinearLayer l : linears.values()) {
            bytes += l.storageBytes();
        }
        return bytes;
    }

    @Override
    public void close() {
        manager.close();
    }
}
