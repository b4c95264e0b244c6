package io.lorasweep.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

/** Checks a task's item shares against its own aggregation: each metric with shares must come out the same. */
final class SharesCheck {

    private SharesCheck() {
    }

    /** @return how many of the result's metrics have shares */
    static int sharesAgree(Task task, TaskResult result) {
        Map<MetricKey, double[]> sums = new LinkedHashMap<>();
        for (ItemScore item : result.items()) {
            task.shares().of(item).forEach((key, share) -> {
                double[] sum = sums.computeIfAbsent(key, k -> new double[2]);
                sum[0] += share[0];
                sum[1] += share[1];
            });
        }
        for (Map.Entry<MetricKey, double[]> e : sums.entrySet()) {
            double expected = result.estimate(e.getKey()).value();
            double fromShares = task.shares().transform(e.getKey()).apply(e.getValue()[0], e.getValue()[1]);
            assertEquals(expected, fromShares, 1e-12 * Math.max(1, Math.abs(expected)), e.getKey().toString());
        }
        assertTrue(!sums.isEmpty(), task.name() + " has shares");
        return sums.size();
    }
}
