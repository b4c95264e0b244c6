package io.lorasweep.eval.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Hands a model its requests a batch at a time and checks it answers each one, in order. */
final class Batches {

    private Batches() {
    }

    static <Q, A> List<A> run(List<Q> requests, int batchSize, Function<List<Q>, List<A>> model, String what) {
        List<A> answers = new ArrayList<>(requests.size());
        for (int from = 0; from < requests.size(); from += batchSize) {
            List<Q> batch = requests.subList(from, Math.min(from + batchSize, requests.size()));
            List<A> got = model.apply(List.copyOf(batch));
            if (got == null || got.size() != batch.size()) {
                throw new IllegalStateException("the model answered " + (got == null ? "null" : got.size())
                        + " of " + batch.size() + " " + what + " requests; it must answer each one, in order");
            }
            answers.addAll(got);
        }
        return answers;
    }
}
