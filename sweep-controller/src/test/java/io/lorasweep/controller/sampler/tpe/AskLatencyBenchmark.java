package io.lorasweep.controller.sampler.tpe;

import io.lorasweep.controller.sampler.LoraSpaces;
import io.lorasweep.controller.sampler.RandomSampler;
import io.lorasweep.controller.sampler.SearchSpace;
import io.lorasweep.controller.sampler.TrialState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ask latency of TPE on the six-parameter LoRA space after 100, 1,000 and 10,000 finished trials, independent and
 * multivariate. Measures and prints; run with {@code ./lorasweep test --suite benchmark}.
 */
@Tag("benchmark")
class AskLatencyBenchmark {

    @Test
    void askLatency() {
        for (boolean multivariate : new boolean[] {false, true}) {
            for (int finished : new int[] {100, 1_000, 10_000}) {
                System.out.println(measure(finished, multivariate));
            }
        }
    }

    static String measure(int finished, boolean multivariate) {
        SearchSpace space = LoraSpaces.sixParameters();
        TpeSampler tpe = new TpeSampler(space, true, TpeSettings.defaults(7).withMultivariate(multivariate, false));
        RandomSampler history = new RandomSampler(space, 11);
        for (int i = 0; i < finished; i++) {
            Map<String, Object> p = history.ask(i);
            tpe.add(i, p, TrialState.COMPLETE, LoraSpaces.evalLoss(p));
        }
        int number = finished;
        int warmup = 100;
        int measured = 100;
        long total = 0;
        long cpu = 0;
        // the thread's CPU time too: on a shared machine wall time also counts the time other processes had the core
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmup + measured; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Map<String, Object> p = tpe.ask(number);
            long t = System.nanoTime() - t0;
            long c = threads.getCurrentThreadCpuTime() - c0;
            if (i >= warmup) {
                total += t;
                cpu += c;
            }
            // keep the history at the same size: the proposal fails, so it is not counted as finished
            tpe.tell(number++, TrialState.FAILED, null);
            p.size();
        }
        return String.format(Locale.ROOT,
                "TPE ask latency, %s, %,d finished trials: %.2f ms (mean of %d asks; CPU time %.2f ms)",
                multivariate ? "multivariate" : "independent", finished, total / 1e6 / measured, measured,
                cpu / 1e6 / measured);
    }
}
