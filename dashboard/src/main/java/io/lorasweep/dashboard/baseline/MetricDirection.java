package io.lorasweep.dashboard.baseline;

import java.util.Locale;

/** Which way a metric improves: losses, perplexities and bits per byte go down; scores (F1, accuracy, ROUGE) go up. */
public final class MetricDirection {

    private MetricDirection() {
    }

    public static boolean lowerIsBetter(String metric) {
        String m = metric.toLowerCase(Locale.ROOT);
        return m.contains("loss") || m.contains("perplexity") || m.contains("bits_per_byte") || m.endsWith("error");
    }
}
