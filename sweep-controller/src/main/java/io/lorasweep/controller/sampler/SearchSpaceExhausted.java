package io.lorasweep.controller.sampler;

/** A finite sampler (a grid) has proposed every point of its search space: the sweep has nothing left to run. */
public final class SearchSpaceExhausted extends RuntimeException {

    public SearchSpaceExhausted(String message) {
        super(message);
    }
}
