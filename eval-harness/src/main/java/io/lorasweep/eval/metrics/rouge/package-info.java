/**
 * ROUGE as Google's {@code rouge-score} package computes it: its tokenizer, rouge-N, rougeL, rougeLsum, the
 * bootstrap aggregate, and NLTK's Porter stemmer in its default mode, which {@code rouge-score} uses for stemming.
 *
 * <p>Entry points: {@link io.lorasweep.eval.metrics.rouge.RougeScorer} scores one (target, prediction) pair;
 * {@link io.lorasweep.eval.metrics.rouge.BootstrapAggregator} turns many pairs into low/mid/high intervals.
 */
package io.lorasweep.eval.metrics.rouge;
