package io.lorasweep.eval.metrics.seqeval;

/**
 * How entities are read from tag sequences, as seqeval's {@code mode} argument.
 *
 * <ul>
 *   <li>{@link #DEFAULT}: seqeval's {@code mode=None}, the lenient, conlleval-compatible reading of
 *       {@code get_entities}: any well- or ill-formed run of tags becomes a chunk, whatever the scheme.</li>
 *   <li>{@link #STRICT}: seqeval's {@code mode='strict'} with a {@link Scheme}: only chunks that the scheme
 *       calls complete are entities, and a tag the scheme forbids is an error.</li>
 * </ul>
 */
public enum Mode {
    DEFAULT,
    STRICT
}
