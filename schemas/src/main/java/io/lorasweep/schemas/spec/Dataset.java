package io.lorasweep.schemas.spec;

/** Paths or names of the data splits; {@code test} may be null. */
public record Dataset(String train, String eval, String test) {
}
