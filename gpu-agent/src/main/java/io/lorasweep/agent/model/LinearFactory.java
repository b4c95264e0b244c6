package io.lorasweep.agent.model;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.io.HostTensor;

/** Builds the base linear layer of one projection from its checkpoint weight: dense f32, NF4, ... */
@FunctionalInterface
public interface LinearFactory {

    LinearLayer create(String modulePath, HostTensor weight, NDManager manager);

    static LinearFactory dense() {
        return (path, weight, manager) -> new DenseLinear(
                NDScopes.detach(manager.create(weight.values(), new ai.djl.ndarray.types.Shape(weight.shape()))));
    }
}
