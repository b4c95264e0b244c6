package io.lorasweep.agent.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak memory where the tensors are. On the CPU, the process's peak resident set (VmHWM), which counts the native
 * tensors of the engine as well as the Java heap (the heap's own numbers would miss almost all of a model's memory).
 * On a CUDA device, the device's memory in use as its driver reports it: PyTorch's caching allocator keeps what it
 * reserved at its high-water mark, so after a step that is the peak, as {@code nvidia-smi} shows it.
 */
public final class PeakMemory {

    private PeakMemory() {
    }

    public static long bytes(ai.djl.Device device) {
        return device.isGpu() ? ai.djl.util.cuda.CudaUtils.getGpuMemory(device).getUsed() : bytes();
    }

    public static long bytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: fall back to the heap
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
