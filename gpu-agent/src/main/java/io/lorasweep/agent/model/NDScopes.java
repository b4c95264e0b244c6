package io.lorasweep.agent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/** Small helpers for moving arrays between {@link NDScope}s. */
public final class NDScopes {

    private NDScopes() {
    }

    /** Keeps an array alive past the innermost scope (it then lives until its manager closes). */
    public static NDArray detach(NDArray array) {
        NDScope.unregister(array);
        return array;
    }

    /** Hands an array to the now innermost scope (after an inner scope that detached it has closed). */
    public static NDArray adopt(NDArray array) {
        NDScope.register(array);
        return array;
    }
}
