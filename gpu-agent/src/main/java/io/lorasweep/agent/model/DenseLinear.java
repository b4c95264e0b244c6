package io.lorasweep.agent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;

/** A linear layer with its weight held as one [out, in] array in the model's precision. */
public final class DenseLinear implements LinearLayer {

    private NDArray weight;

    public DenseLinear(NDArray weight) {
        if (weight.getShape().dimension() != 2) {
            throw new IllegalArgumentException("weight must be [out, in], got " + weight.getShape());
        }
        this.weight = weight;
    }

    @Override
    public int inFeatures() {
        return (int) weight.getShape().get(1);
    }

    @Override
    public int outFeatures() {
        return (int) weight.getShape().get(0);
    }

    @Override
    public NDArray forward(NDArray x) {
        // torch's linear: one native call where matMul(transpose()) is two
        return Linear.linear(x, weight).singletonOrThrow();
    }

    @Override
    public NDArray denseWeight() {
        return weight;
    }

    /** Replaces the weight (merge/unmerge of an adapter); the old array is closed. */
    public void replaceWeight(NDArray newWeight) {
        if (!newWeight.getShape().equals(weight.getShape())) {
            throw new IllegalArgumentException("newWeight must have shape " + weight.getShape() + ", got "
                    + newWeight.getShape());
        }
        NDArray old = weight;
        weight = newWeight;
        old.close();
    }

    @Override
    public long storageBytes() {
        return weight.size() * Precision.of(weight.getDataType()).bytes();
    }
}
