package io.lorasweep.agent.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.lorasweep.agent.model.DenseLinear;
import io.lorasweep.agent.model.LinearLayer;
import io.lorasweep.agent.model.NDScopes;
import io.lorasweep.agent.model.NamedParameter;
import io.lorasweep.agent.model.Precision;
import io.lorasweep.agent.model.Scalars;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A frozen base projection plus a low-rank update, {@code y = x W^T + s * dropout(x) A^T B^T} with A [r, in] and B
 * [out, r], as PEFT's {@code lora.Linear}. With DoRA the output is rescaled per output feature by
 * {@code m / ||W + s B A||} (the row norm of the adapted weight, treated as a constant as PEFT and the DoRA paper
 * do), m being a trainable magnitude vector initialised to the row norms of W.
 *
 * <p>The adapter's weights are f32 masters; in a model that computes in f16 the forward pass uses half-precision
 * copies of them (see {@link NamedParameter}), refreshed after every update.
 */
public final class LoraLinear implements LinearLayer {

    private final LinearLayer base;
    private final NamedParameter loraA;
    private final NamedParameter loraB;
    private final NamedParameter magnitude;
    private final double scaling;
    private final double dropout;
    private boolean training;
    private boolean merged;
    /** the per-row factor m/||W + sBA|| applied when a DoRA update was merged, to undo it exactly */
    private NDArray mergedDoraFactor;
    /** a weight norm held fixed (finite-difference tests of the detached norm) */
    private NDArray pinnedNorm;

    LoraLinear(LinearLayer base, NamedParameter loraA, NamedParameter loraB, NamedParameter magnitude,
            double scaling, double dropout) {
        Shape a = loraA.array().getShape();
        Shape b = loraB.array().getShape();
        if (a.get(1) != base.inFeatures() || b.get(0) != base.outFeatures() || a.get(0) != b.get(1)) {
            throw new IllegalArgumentException("lora_A " + a + " and lora_B " + b + " do not fit a base layer "
                    + base.inFeatures() + " -> " + base.outFeatures());
        }
        if (magnitude != null && magnitude.array().getShape().get(0) != base.outFeatures()) {
            throw new IllegalArgumentException("magnitude must have " + base.outFeatures() + " entries, got "
                    + magnitude.array().getShape());
        }
        this.base = base;
        this.loraA = loraA;
        this.loraB = loraB;
        this.magnitude = magnitude;
        this.scaling = scaling;
        this.dropout = dropout;
    }

    /**
     * A fresh adapter on {@code base}: A kaiming-uniform (a = sqrt(5), so bound 1/sqrt(in)) as PEFT, B zero; its
     * forward pass computes in {@code precision}, the base model's.
     */
    static LoraLinear create(LinearLayer base, LoraConfig config, long seed, NDManager manager,
            Precision precision) {
        int in = base.inFeatures();
        int out = base.outFeatures();
        Random random = new Random(seed);
        float bound = (float) (1.0 / Math.sqrt(in));
        float[] a = new float[config.r() * in];
        for (int i = 0; i < a.length; i++) {
            a[i] = (random.nextFloat() * 2 - 1) * bound;
        }
        NamedParameter loraA = param(".lora_A.weight", manager.create(a, new Shape(config.r(), in)), precision);
        NamedParameter loraB = param(".lora_B.weight", manager.zeros(new Shape(out, config.r())), precision);
        NamedParameter magnitude = null;
        if (config.useDora()) {
            NDArray master;
            try (NDScope scope = new NDScope()) {
                // with B = 0 the adapted weight is W itself
                NDArray norm = base.denseWeight().norm(new int[] {1});
                master = NDScopes.detach(norm.toType(DataType.FLOAT32, true));
            }
            magnitude = param(".lora_magnitude_vector", master, precision);
        }
        return new LoraLinear(base, loraA, loraB, magnitude, config.scaling(), config.dropout());
    }

    /**
     * An f32 master under its PEFT key's last part and, below f32, its compute copy: whichever the forward pass uses
     * is the gradient's leaf.
     */
    private static NamedParameter param(String key, NDArray master, Precision precision) {
        NDScopes.detach(master);
        if (precision == Precision.F32) {
            master.setRequiresGradient(true);
            return new NamedParameter(key, master);
        }
        NDArray compute = NDScopes.detach(master.toType(precision.type(), true));
        compute.setRequiresGradient(true);
        return new NamedParameter(key, master, compute);
    }

    public LinearLayer base() {
        return base;
    }

    /** The f32 master of A [r, in]. */
    public NDArray loraA() {
        return loraA.array();
    }

    /** The f32 master of B [out, r]. */
    public NDArray loraB() {
        return loraB.array();
    }

    /** The f32 master of the DoRA magnitude vector [out], or null for plain LoRA. */
    public NDArray magnitude() {
        return magnitude == null ? null : magnitude.array();
    }

    /** A, B and the magnitude (when DoRA) with their compute copies, under their PEFT keys after {@code prefix}. */
    List<NamedParameter> parameters(String prefix) {
        List<NamedParameter> out = new ArrayList<>();
        for (NamedParameter p : magnitude == null ? List.of(loraA, loraB) : List.of(loraA, loraB, magnitude)) {
            out.add(new NamedParameter(prefix + p.name(), p.array(), p.compute()));
        }
        return out;
    }

    public double scaling() {
        return scaling;
    }

    public boolean isMerged() {
        return merged;
    }

    void setTraining(boolean training) {
        this.training = training;
    }

    @Override
    public int inFeatures() {
        return base.inFeatures();
    }

    @Override
    public int outFeatures() {
        return base.outFeatures();
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray result = base.forward(x);
        if (merged) {
            return result;
        }
        NDArray dx = training && dropout > 0 ? dropout(x) : x;
        NDArray lora = dx.matMul(loraA.compute().transpose()).matMul(loraB.compute().transpose());
        if (magnitude == null) {
            // Scalars, not lora.mul(scaling): autograd keeps that operand, and DJL frees the one it makes
            return result.add(Scalars.mul(lora, scaling));
        }
        NDArray weight = base.denseWeight();
        NDArray scale = magnitude.compute().div(weightNorm(weight));
        // without dropout x W^T is the base result itself; with it PEFT recomputes it on the dropped-out input
        NDArray baseOnDx = dx == x ? result : dx.matMul(weight.transpose());
        return result.add(baseOnDx.mul(Scalars.sub(scale, 1))).add(Scalars.mul(lora.mul(scale), scaling));
    }

    /** ||W + s B A|| per output row, detached from the graph. */
    private NDArray weightNorm(NDArray weight) {
        if (pinnedNorm != null) {
            return pinnedNorm;
        }
        NDArray delta = Scalars.mul(loraB.compute().stopGradient().matMul(loraA.compute().stopGradient()), scaling);
        return weight.add(delta).norm(new int[] {1}).stopGradient();
    }

    private NDArray dropout(NDArray x) {
        NDArray keep = x.getManager().randomUniform(0f, 1f, x.getShape()).gte((float) dropout)
                .toType(x.getDataType(), false);
        return Scalars.div(x.mul(keep), 1 - dropout);
    }

    /** Holds the DoRA weight norm at its current value (or releases it with false); for gradient checks. */
    void pinWeightNorm(boolean pin) {
        if (pinnedNorm != null) {
            pinnedNorm.close();
            pinnedNorm = null;
        }
        if (pin && magnitude != null) {
            try (NDScope scope = new NDScope()) {
                pinnedNorm = NDScopes.detach(weightNorm(base.denseWeight()).duplicate());
            }
        }
    }

    /** The update s B A as [out, in] in the compute precision, in the current scope. */
    NDArray delta() {
        return Scalars.mul(loraB.compute().matMul(loraA.compute()), scaling);
    }

    /** Folds the update into a dense base weight, so the forward pass costs what the base model costs. */
    void merge() {
        if (merged) {
            return;
        }
        DenseLinear dense = denseBase();
        try (NDScope scope = new NDScope()) {
            NDArray adapted = dense.denseWeight().add(delta().stopGradient());
            NDArray next = adapted;
            if (magnitude != null) {
                NDArray factor = magnitude.compute().stopGradient().div(adapted.norm(new int[] {1}));
                mergedDoraFactor = NDScopes.detach(factor.duplicate());
                next = adapted.mul(factor.reshape(-1, 1));
            }
            dense.replaceWeight(NDScopes.detach(next.duplicate()));
        }
        merged = true;
    }

    /** Undoes {@link #merge()}: the base weight returns to W (up to f32 rounding). */
    void unmerge() {
        if (!merged) {
            return;
        }
        DenseLinear dense = denseBase();
        try (NDScope scope = new NDScope()) {
            NDArray w = dense.denseWeight();
            if (mergedDoraFactor != null) {
                w = w.div(mergedDoraFactor.reshape(-1, 1));
            }
            NDArray original = w.sub(delta().stopGradient());
            dense.replaceWeight(NDScopes.detach(original.duplicate()));
        }
        if (mergedDoraFactor != null) {
            mergedDoraFactor.close();
            mergedDoraFactor = null;
        }
        merged = false;
    }

    private DenseLinear denseBase() {
        if (!(base instanceof DenseLinear)) {
            throw new IllegalStateException("merging needs a dense base weight; a quantised base is merged against "
                    + "the full-precision checkpoint instead (AdapterMerger)");
        }
        return (DenseLinear) base;
    }

    @Override
    public NDArray denseWeight() {
        return base.denseWeight();
    }

    @Override
    public long storageBytes() {
        return base.storageBytes();
    }

    /** Bytes of the adapter arrays: the f32 masters and, in half precision, their compute copies. */
    public long adapterBytes() {
        long bytes = 0;
        for (NamedParameter p : parameters("")) {
            bytes += p.array().size() * 4 + (p.mixed() ? p.compute().size() * Precision.of(p.compute()
                    .getDataType()).bytes() : 0);
        }
        return bytes;
    }
}
