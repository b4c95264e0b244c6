package io.lorasweep.agent.runtime;

import io.lorasweep.agent.lora.LoraConfig;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.ComputeDevice;
import io.lorasweep.agent.model.LlamaTensorLayout;
import io.lorasweep.agent.model.Precision;
import io.lorasweep.agent.quant.BaseWeightBytes;
import java.util.Locale;

/**
 * The memory a trial will need at its peak, planned before it is placed, in four parts:
 * <ul>
 *   <li>{@code runtime}: what the trial process holds before it loads anything (on the CPU the JVM heap and the
 *       engine's native libraries; the caller says how much, see {@link Agent});</li>
 *   <li>{@code weights}: the base model in its storage mode (the compute precision, or NF4 codes with f32 or
 *       double-quantised absmax for the projections; embeddings, norms and the LM head in the compute
 *       precision);</li>
 *   <li>{@code adapterState}: the adapter's parameters with their gradients and AdamW's two moments (in f16, also
 *       the f32 masters' half-precision copies and the gradients widened to f32 for the update);</li>
 *   <li>{@code activations}: what the autograd graph keeps between the forward and the backward pass for the
 *       largest batch (batch_size sequences of the longest allowed length), in the compute precision. Under NF4
 *       that includes a dequantised copy of every projection, because DJL keeps it in the graph until the backward
 *       pass.</li>
 * </ul>
 * The activation count follows the forward pass of {@link io.lorasweep.agent.model.LlamaModel} tensor by tensor
 * (see {@link #activationFloatsPerLayer}); the measured peaks it is checked against are in BENCHMARKS.md.
 */
public record MemoryEstimate(long runtime, long weights, long adapterState, long activations) {

    private static final long F32 = 4;

    public long total() {
        return runtime + weights + adapterState + activations;
    }

    /**
     * @param runtimeBytes what the process holds before the model: for a CPU trial, the engine plus the heap
     *                     its JVM may use
     */
    public static MemoryEstimate of(LlamaConfig model, TrialPlan plan, long runtimeBytes) {
        return of(model, plan, runtimeBytes, Precision.F32);
    }

    /** The estimate for a trial computing in {@code precision} (the device's, {@link ComputeDevice#precision()}). */
    public static MemoryEstimate of(LlamaConfig model, TrialPlan plan, long runtimeBytes, Precision precision) {
        BaseWeightBytes base = BaseWeightBytes.of(model);
        long bytes = precision.bytes();
        long dense = base.f32() / F32 * bytes;
        long weights = base.otherF32() / F32 * bytes + (plan.nf4() ? (plan.doubleQuant() ? base.nf4DoubleQuant()
                : base.nf4()) : dense);
        LoraConfig lora = plan.lora();
        long adapterParams = 0;
        for (String projection : LlamaTensorLayout.PROJECTIONS) {
            if (lora.targetModules().contains(projection)) {
                long[] shape = LlamaTensorLayout.projectionShape(model, projection);
                adapterParams += (long) lora.r() * (shape[0] + shape[1]) + (lora.useDora() ? shape[0] : 0);
            }
        }
        adapterParams *= model.numHiddenLayers();
        // the parameter, its gradient, and AdamW's first and second moments; in half precision the f32 master, its
        // compute copy, the gradient on that copy and the same widened to f32 for the update
        long adapterState = (precision == Precision.F32 ? 4 * F32 : 3 * F32 + 2 * bytes + F32) * adapterParams;

        long batch = plan.training().batchSize();
        long tokens = Math.min(plan.training().maxLength(), model.maxPositionEmbeddings());
        long perLayer = activationFloatsPerLayer(model, lora, batch, tokens);
        // logits, their log-softmax, and the gradient of each in the backward pass, in f32 (the loss is f32 in
        // every precision; half-precision logits are widened first, which their f16 copy about makes up for)
        long head = 4 * F32 * batch * tokens * model.vocabSize();
        long activations = bytes * perLayer * model.numHiddenLayers() + head;
        if (plan.nf4()) {
            activations += dense;
        }
        if (lora.useDora()) {
            // DoRA's weight norm needs the dense weight, scale·BA and their sum, for every adapted projection
            for (String projection : lora.targetModules()) {
                long[] shape = LlamaTensorLayout.projectionShape(model, projection);
                activations += 3 * bytes * shape[0] * shape[1] * model.numHiddenLayers();
            }
        }
        return new MemoryEstimate(runtimeBytes, weights, adapterState, activations);
    }

    /**
     * Floats one decoder layer holds at the peak of a training step, per token: {@link #BASE_LAYER_FACTOR} times the tensors counted for the
     * layer without an adapter, plus each adapted projection's low-rank path (a dropout copy of the input, A's
     * output, and B's output scaled and added; DoRA adds the base output rescaled by the magnitude and its sums).
     */
    static long activationFloatsPerLayer(LlamaConfig model, LoraConfig lora, long batch, long tokens) {
        long h = model.hiddenSize();
        long q = (long) model.numAttentionHeads() * model.headDim();
        long kv = (long) model.numKeyValueHeads() * model.headDim();
        long inter = model.intermediateSize();
        // what the forward pass keeps, tensor by tensor: the two RMSNorms (input, square, normalised, scaled), q and
        // k through the rotary embedding and v, the attention scores with their scaled and masked copies and the
        // softmax, the attention output with its transposed copy, the residuals, and SwiGLU's five intermediates
        double counted = 2 * 4 * h + 4 * q + 4 * kv + 2 * kv + 4.0 * model.numAttentionHeads() * tokens
                + 2 * q + 2 * h + 5 * inter + 2 * h;
        double perToken = BASE_LAYER_FACTOR * counted;
        for (String projection : lora.targetModules()) {
            long[] shape = LlamaTensorLayout.projectionShape(model, projection);
            perToken += (lora.dropout() > 0 ? 2 * shape[1] : 0) + lora.r() + (lora.useDora() ? 6 : 3) * shape[0];
        }
        return (long) Math.ceil(perToken * batch * tokens);
    }

    /**
     * The ratio of the measured peak to the tensors counted above for a layer without adapter: the backward pass's
     * gradient buffers and the contiguous copies that transposed matrix products make. Fitted on the shipped model
     * (f32, q_proj and v_proj at r=8, batch 8 of 256 tokens) on 2026-11-24; BENCHMARKS.md checks it against other
     * configurations.
     */
    static final double BASE_LAYER_FACTOR = 1.45;

    public String describe() {
        return String.format(Locale.ROOT, "%s (runtime %s, weights %s, adapter with gradients and AdamW state %s, "
                + "activations %s)", mib(total()), mib(runtime), mib(weights), mib(adapterState), mib(activations));
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
    }
}
