package io.lorasweep.eval.metrics;

import java.util.List;
import java.util.Map;

/**
 * An entity-level score over tag sequences (one list of tags per sentence, IOB2 here), computed as seqeval
 * computes it. The NER task produces the sequences; the seqeval implementation backs this interface.
 *
 * <p>Contract: {@code yTrue} and {@code yPred} have the same number of sentences and each pair the same length.
 * The result holds at least {@code precision}, {@code recall} and {@code f1} (micro averages, seqeval's default);
 * it may hold more keys (e.g. {@code MEDICATION/f1}, {@code macro/f1}), each reported by the task with
 * a bootstrap interval. Must be a pure function: it is called once per bootstrap resample.
 */
@FunctionalInterface
public interface SequenceLabelMetric {

    Map<String, Double> score(List<List<String>> yTrue, List<List<String>> yPred);
}
