package io.lorasweep.agent.model;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.io.HostTensor;

/** Builds the base linear layer of one projection from its checkpoint weight: dense, NF4, ... in a precision. */
@FunctionalInterface
public interface LinearFactory {

    /** The layer of {@code modulePath}, computing in {@code precision}. */
    LinearLayer create(String modulePath, HostTensor weight, NDManager manager, Precision precision);

    static LinearFactory dense() {
        return (path, weight, manager, precision) -> new DenseLinear(NDScopes.detach(precision.cast(
                manager.create(weight.values(), new ai.djl.ndarray.types.Shape(weight.shape())))));
    }
}
