package io.lorasweep.agent.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.lorasweep.agent.model.LinearFactory;
import io.lorasweep.agent.model.LinearLayer;
import io.lorasweep.agent.model.NDScopes;
import io.lorasweep.agent.model.Precision;
import io.lorasweep.agent.model.Scalars;
import java.nio.ByteBuffer;
import java.util.function.Predicate;

/**
 * A frozen linear layer stored as NF4 codes and dequantised into the compute precision on every forward pass (the
 * QLoRA base). A byte holds two codes, so one lookup in a 256 x 2 table decodes both nibbles at once; the table and
 * the block scales are in the compute precision, so no f32 copy of the weight is made on the way.
 */
public final class Nf4Linear implements LinearLayer {

    private final Nf4Tensor tensor;
    private final int out;
    private final int in;
    private final NDArray codes;
    private final NDArray pairTable;
    private final NDArray absmax;
    private final NDArray absmaxCodes;
    private final NDArray dynamicMap;
    private final NDArray absmax2;
    private final Precision precision;

    public Nf4Linear(Nf4Tensor tensor, NDManager manager) {
        this(tensor, manager, Precision.F32);
    }

    public Nf4Linear(Nf4Tensor tensor, NDManager manager, Precision precision) {
        this.precision = precision;
        long[] shape = tensor.shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("tensor must be a [out, in] weight, got rank " + shape.length);
        }
        this.tensor = tensor;
        this.out = (int) shape[0];
        this.in = (int) shape[1];
        // uint8 is safe in this engine (the unsigned 16/32/64-bit types are what abort the JVM)
        this.codes = keep(manager.create(ByteBuffer.wrap(tensor.packed()), new Shape(tensor.packed().length),
                DataType.UINT8));
        float[] table = Nf4Codec.table();
        float[] pairs = new float[512];
        for (int b = 0; b < 256; b++) {
            pairs[2 * b] = table[b >>> 4];
            pairs[2 * b + 1] = table[b & 0x0f];
        }
        this.pairTable = keep(precision.cast(manager.create(pairs, new Shape(256, 2))));
        if (tensor.doubleQuantised()) {
            this.absmax = null;
            this.absmaxCodes = keep(manager.create(ByteBuffer.wrap(tensor.absmaxCodes()),
                    new Shape(tensor.absmaxCodes().length), DataType.UINT8));
            this.dynamicMap = keep(manager.create(Nf4Codec.dynamicMap()));
            this.absmax2 = keep(manager.create(tensor.absmax2()));
        } else {
            this.absmax = keep(manager.create(tensor.absmax()));
            this.absmaxCodes = null;
            this.dynamicMap = null;
            this.absmax2 = null;
        }
    }

    private static NDArray keep(NDArray a) {
        return NDScopes.detach(a);
    }

    /**
     * Quantises the projections {@code which} accepts to NF4 (with or without double quantisation of the absmax)
     * and keeps the others dense.
     */
    public static LinearFactory factory(boolean doubleQuant, Predicate<String> which) {
        LinearFactory dense = LinearFactory.dense();
        return (module, weight, manager, precision) -> which.test(module)
                ? new Nf4Linear(Nf4Codec.quantize(weight, doubleQuant), manager, precision)
                : dense.create(module, weight, manager, precision);
    }

    public Nf4Tensor tensor() {
        return tensor;
    }

    @Override
    public int inFeatures() {
        return in;
    }

    @Override
    public int outFeatures() {
        return out;
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray y;
        try (NDScope scope = new NDScope()) {
            // the dequantised weight is freed as soon as this layer is done (autograd keeps its own reference)
            y = NDScopes.detach(x.matMul(denseWeight().transpose()));
        }
        return NDScopes.adopt(y);
    }

    @Override
    public NDArray denseWeight() {
        int blocks = tensor.blocks();
        NDArray values = pairTable.get(new NDIndex("{}", codes.toType(DataType.INT64, false)))
                .reshape(blocks, Nf4Codec.BLOCK_SIZE);
        NDArray scales;
        if (absmax != null) {
            scales = absmax;
        } else {
            int groups = (int) absmax2.size();
            scales = Scalars.add(dynamicMap.get(new NDIndex("{}", absmaxCodes.toType(DataType.INT64, false)))
                    .reshape(groups, Nf4Codec.ABSMAX_BLOCK_SIZE).mul(absmax2.reshape(groups, 1)),
                    tensor.offset()).reshape(-1).get(":" + blocks);
        }
        // the per-block scales are few: cast them, not the weight (a cast here is outside autograd: W is frozen)
        NDArray flat = values.mul(scales.toType(precision.type(), false).reshape(blocks, 1)).reshape(-1);
        long n = (long) out * in;
        if (flat.size() != n) {
            flat = flat.get(":" + n);
        }
        return flat.reshape(out, in);
    }

    @Override
    public long storageBytes() {
        return tensor.storageBytes();
    }
}
