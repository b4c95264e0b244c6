package io.lorasweep.agent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static StepMetrics step(int step, int total) {
        return new StepMetrics(step, total, 2.5, 1e-3, 0.7, 2700, 1536L << 20);
    }

    @Test
    void theLineShowsProgressTheMetricsAndTheTimeLeft() {
        assertEquals("\r[######------------------] 25/100  25% loss 2.5000 lr 1.00e-03 2,700 tok/s peak 1,536 MiB "
                + "ETA 3:00", ProgressBar.line(step(25, 100), 60));
        assertEquals("\r[########################] 100/100 100% loss 2.5000 lr 1.00e-03 2,700 tok/s peak 1,536 MiB "
                + "done in 1:01:05", ProgressBar.line(step(100, 100), 3665));
    }

    @Test
    void logLinesOfTheWrappedListenerAreNotMixedIntoTheBar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<String> seen = new ArrayList<>();
        ProgressBar bar = new ProgressBar(new TrainingListener() {
            @Override
            public void onEval(int step, double loss) {
                out.println("held-out loss " + loss);
                seen.add("eval " + step);
            }

            @Override
            public boolean shouldStop() {
                return true;
            }
        }, out);
        bar.onStep(step(1, 2));
        bar.onEval(1, 3.0);
        bar.onStep(step(2, 2));
        String text = bytes.toString(StandardCharsets.UTF_8);
        // the bar is cleared before the log line, and the last step ends the line
        assertTrue(text.contains("ETA 0:00\r\033[Kheld-out loss 3.0\n\r["), text);
        assertTrue(text.endsWith("\n"), text);
        assertFalse(text.contains("\033[K\r[##"), "nothing to clear after the eval line: " + text);
        assertEquals(List.of("eval 1"), seen);
        assertTrue(bar.shouldStop(), "the wrapped listener still decides");
    }
}
