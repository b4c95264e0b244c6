package io.lorasweep.agent.runtime;

import io.lorasweep.agent.model.ComputeDevice;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.ModelFormatException;
import io.lorasweep.schemas.messages.TrialAssignment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Plans a trial's memory before the agent places it on a device: the {@link MemoryEstimate} from the model's
 * {@code config.json} and the trial's parameters, and the room the device has now.
 */
final class MemoryPlanner {

    /**
     * What a trial process holds on the CPU besides its Java heap once the engine is up (JVM, libtorch): 209 MB
     * measured on 2026-11-24 (VmRSS with the engine loaded, minus a pre-touched heap).
     */
    static final long ENGINE_BYTES = 200L << 20;
    /** A CUDA context with libtorch's kernels; not measurable on this project's machines, a typical figure. */
    static final long CUDA_CONTEXT_BYTES = 512L << 20;

    private final DataRoot dataRoot;
    private final long heapBytes;

    MemoryPlanner(Path dataRoot, List<String> trialJvmOptions) {
        this.dataRoot = new DataRoot(dataRoot);
        this.heapBytes = heapBytes(trialJvmOptions);
    }

    /** The estimate, or empty when the model or parameters cannot be read (the trial process reports why). */
    Optional<MemoryEstimate> estimate(TrialAssignment a, String device) {
        if (a.trainer() != null) {
            return Optional.empty(); // a user's trainer command: its parameters and memory are its own
        }
        try {
            LlamaConfig model = LlamaConfig.read(dataRoot.resolve(a.baseModel(), "base_model").resolve("config.json"));
            TrialPlan plan = TrialPlan.of(a.params());
            // on the CPU the whole heap counts: the agent's default pins it (-Xms = -Xmx, pre-touched), so the
            // estimate and the measured resident set agree; on a GPU the heap lives in host memory
            long runtime = device.equals("cpu") ? heapBytes + ENGINE_BYTES : CUDA_CONTEXT_BYTES;
            return Optional.of(MemoryEstimate.of(model, plan, runtime, ComputeDevice.parse(device).precision()));
        } catch (IllegalArgumentException | ModelFormatException e) {
            return Optional.empty();
        }
    }

    /** The memory the device has free now, or empty where it cannot be asked. */
    static OptionalLong room(String device) {
        if (device.equals("cpu")) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemAvailable:")) {
                        return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // not Linux
            }
            return OptionalLong.empty();
        }
        return cudaFree(device.substring("cuda:".length()));
    }

    private static OptionalLong cudaFree(String index) {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=memory.free", "--format=csv,noheader,nounits",
                    "-i", index).redirectErrorStream(true).start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line = in.readLine();
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && line != null) {
                    return OptionalLong.of(Long.parseLong(line.trim()) << 20); // MiB
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no nvidia-smi: nothing to check against
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalLong.empty();
    }

    /** The heap the trial JVM may use: its last -Xmx, else what this JVM got by default. */
    static long heapBytes(List<String> jvmOptions) {
        long heap = Runtime.getRuntime().maxMemory();
        for (String option : jvmOptions) {
            if (option.startsWith("-Xmx")) {
                heap = parseSize(option.substring(4), option);
            }
        }
        return heap;
    }

    static long parseSize(String size, String option) {
        String s = size.toLowerCase(Locale.ROOT);
        long unit = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        try {
            return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("trial JVM option " + option + ": not a heap size", e);
        }
    }
}
