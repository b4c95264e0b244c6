package io.lorasweep.agent.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for training on a terminal, redrawn after every step: steps done, loss, learning rate,
 * tokens per second, peak memory and the time left. It wraps another listener and clears its line before that
 * listener runs, so log lines the other one prints are not mixed into the bar.
 */
public final class ProgressBar implements TrainingListener {

    private static final int WIDTH = 24;
    private final TrainingListener inner;
    private final PrintStream out;
    private final long startedNanos = System.nanoTime();
    private boolean drawn;

    ProgressBar(TrainingListener inner, PrintStream out) {
        this.inner = inner;
        this.out = out;
    }

    /** {@code inner} with a bar on standard error when this process has a terminal, else {@code inner} alone. */
    public static TrainingListener whenOnTerminal(TrainingListener inner) {
        return System.console() != null ? new ProgressBar(inner, System.err) : inner;
    }

    @Override
    public void onStep(StepMetrics m) {
        clear();
        inner.onStep(m);
        out.print(line(m, (System.nanoTime() - startedNanos) / 1e9));
        if (m.step() >= m.totalSteps()) {
            out.println();
        } else {
            drawn = true;
        }
        out.flush();
    }

    @Override
    public void onEval(int step, double evalLoss) {
        clear();
        inner.onEval(step, evalLoss);
    }

    @Override
    public boolean shouldStop() {
        return inner.shouldStop();
    }

    private void clear() {
        if (drawn) {
            out.print("\r\033[K");
            drawn = false;
        }
    }

    /** The bar for a step, after {@code elapsedSeconds} of training; starts with a carriage return. */
    static String line(StepMetrics m, double elapsedSeconds) {
        double done = m.totalSteps() == 0 ? 1 : Math.min(1, (double) m.step() / m.totalSteps());
        int filled = (int) Math.round(done * WIDTH);
        double left = m.step() == 0 ? Double.NaN : elapsedSeconds / m.step() * (m.totalSteps() - m.step());
        return String.format(Locale.ROOT, "\r[%s%s] %d/%d %3.0f%% loss %.4f lr %.2e %,.0f tok/s peak %,d MiB %s",
                "#".repeat(filled), "-".repeat(WIDTH - filled), m.step(), m.totalSteps(), 100 * done, m.loss(),
                m.learningRate(), m.tokensPerSecond(), m.peakMemoryBytes() >> 20,
                m.step() >= m.totalSteps() ? "done in " + clock(elapsedSeconds) : "ETA " + clock(left));
    }

    private static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
