package io.lorasweep.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.messages.MessageCodec;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.spec.Dataset;
import io.lorasweep.schemas.spec.EvalTask;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bar for memory planning: on the shipped model the estimate and the trial process's measured peak
 * (its resident set, the CPU's "device memory") agree within 20%. A real trial process, trained for 12 steps.
 */
class MemoryEstimateAgainstPeakTest {

    static final List<String> HEAP = List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch");

    @Test
    void theEstimateIsWithinTwentyPercentOfTheMeasuredPeak(@TempDir Path artifacts) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        TrialAssignment a = new TrialAssignment("memory-check", 0, 1, "lease", Map.of("rank", 8,
                "target_modules", List.of("q_proj", "v_proj"), "batch_size", 8, "max_length", 256, "max_steps", 12,
                "eval_every", 12, "skip_long_examples", true, "learning_rate", 1e-3),
                "assets/models/tiny-llama", new Dataset("assets/data/ner/train_instructions.jsonl",
                "assets/data/ner/test_instructions.jsonl", null), List.of(new EvalTask("heldout",
                EvalTask.Type.PERPLEXITY, "assets/data/perplexity/heldout.txt", null, List.of(), null)),
                System.currentTimeMillis(), 600_000, "eval_loss");
        MemoryEstimate estimate = new MemoryPlanner(root, HEAP).estimate(a, "cpu").orElseThrow();

        Path assignment = artifacts.resolve("assignment.json");
        Files.write(assignment, MessageCodec.encode(a));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(HEAP);
        command.addAll(List.of("-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                TrialMain.class.getName(), assignment.toString(), root.toString(), artifacts.toString(), "cpu"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(artifacts.resolve("trial.log").toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        Process trial = builder.start();
        double peak = 0;
        Object outcome = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(trial.getInputStream(),
                StandardCharsets.UTF_8))) {
            // standard input stays open: a trial process whose agent is gone stops
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Object m = ChildMessages.parse(line).orElse(null);
                if (m instanceof ChildMessages.Metrics metrics) {
                    for (MetricPoint p : metrics.points()) {
                        if (p.name().equals("peak_memory_bytes")) {
                            peak = Math.max(peak, p.value());
                        }
                    }
                } else if (m != null) {
                    outcome = m;
                }
            }
        }
        assertEquals(0, trial.waitFor());
        assertTrue(outcome instanceof ChildMessages.Done, "the trial ended with " + outcome + "; see "
                + artifacts.resolve("trial.log"));
        assertNotNull(estimate);
        double ratio = estimate.total() / peak;
        System.out.printf("memory estimate %s, measured peak %s, ratio %.3f%n", estimate.describe(),
                MemoryEstimate.mib((long) peak), ratio);
        assertTrue(ratio > 0.8 && ratio < 1.2, "estimate " + estimate.describe() + " vs measured peak "
                + MemoryEstimate.mib((long) peak) + ": ratio " + ratio);
    }
}
