package io.lorasweep.schemas.spec;

/** The k-shot base model every adapter is compared against. */
public record Baseline(int shots) {

    public static final int DEFAULT_SHOTS = 5;
}
