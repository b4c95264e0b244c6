/**
 * Entity-level precision, recall and F1 over tag sequences, exactly as the Python library seqeval (1.2.x)
 * computes them, so that an NER score here equals the one a Python pipeline reports.
 *
 * <p>{@link io.lorasweep.eval.metrics.seqeval.Seqeval} is the entry point. Two readings of the tags:
 * {@link io.lorasweep.eval.metrics.seqeval.Mode#DEFAULT}, seqeval's conlleval-compatible {@code get_entities}
 * ({@code ConllChunker}), and {@link io.lorasweep.eval.metrics.seqeval.Mode#STRICT} with a
 * {@link io.lorasweep.eval.metrics.seqeval.Scheme}, seqeval's {@code seqeval.scheme} tables
 * ({@code SchemeChunker}). The arithmetic ({@code PrecisionRecallF1}) follows numpy's float64 order of
 * operations ({@code PairwiseSum}) so that averages agree to the bit, not only to a tolerance.
 */
package io.lorasweep.eval.metrics.seqeval;
