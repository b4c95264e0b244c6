package io.lorasweep.agent.model;

import ai.djl.ndarray.NDArray;

/**
 * A bias-free linear map {@code y = x W^T} with W of shape [out, in], as every projection of a Llama layer is. The
 * base weight may be dense f32 or NF4 codes; LoRA wraps one of these.
 */
public interface LinearLayer {

    int inFeatures();

    int outFeatures();

    /** x of shape [..., in] to [..., out]. */
    NDArray forward(NDArray x);

    /**
     * The weight as a dense f32 [out, in] array. For a dense layer this is the stored array itself, which the
     * caller must not close; for a quantised one it is a fresh array owned by the current scope.
     */
    NDArray denseWeight();

    /** Bytes the stored base weight occupies (codes and scales for quantised weights). */
    long storageBytes();
}
