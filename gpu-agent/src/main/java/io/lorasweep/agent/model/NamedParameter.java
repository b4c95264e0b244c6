package io.lorasweep.agent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * A trainable array and the name it is saved under (PEFT key or HF tensor name). {@code array} is the f32 master
 * that the optimiser updates, checkpoints hold and adapters are saved from; {@code compute} is what the forward pass
 * multiplies with and where autograd leaves the gradient: the master itself in f32, a half-precision copy (a leaf of
 * its own) when the model computes in f16.
 */
public record NamedParameter(String name, NDArray array, NDArray compute) {

    public NamedParameter(String name, NDArray array) {
        this(name, array, array);
    }

    /** True when the forward pass uses a copy in another precision. */
    public boolean mixed() {
        return compute != array;
    }

    /** The accumulated gradient, in the compute precision. */
    public NDArray gradient() {
        return compute.getGradient();
    }

    /** Copies the master into the compute copy, after an update or a load; nothing to do in f32. */
    public void syncCompute() {
        if (mixed()) {
            try (NDArray rounded = array.toType(compute.getDataType(), false)) {
                compute.set(new NDIndex("..."), rounded);
            }
        }
    }
}
