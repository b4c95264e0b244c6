package io.lorasweep.agent.model;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.cuda.CudaUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which libtorch DJL loaded and what it can see: what {@code ./lorasweep doctor} prints, and what a refused CUDA
 * device is explained with.
 *
 * @param cudaBuild   whether the loaded libtorch was built with CUDA
 * @param cudaDevices the CUDA devices the engine sees (0 with a CPU build, or without a driver)
 * @param devices     one line per CUDA device: its index, compute capability and memory
 */
public record EngineReport(String djlVersion, String libtorchVersion, String libtorchPath, boolean cudaBuild,
        int cudaDevices, List<String> devices, String threads) {

    public static EngineReport current() {
        Engine engine = Engines.pytorch();
        boolean cuda = engine.hasCapability(StandardCapabilities.CUDA);
        int count = cuda ? engine.getGpuCount() : 0;
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var memory = CudaUtils.getGpuMemory(new ComputeDevice("cuda:" + i, i).djl());
            devices.add(String.format(Locale.ROOT, "cuda:%d compute capability %s, %d MiB in use of %d MiB", i,
                    CudaUtils.getComputeCapability(i), memory.getUsed() >> 20, memory.getMax() >> 20));
        }
        String threads = System.getProperty("ai.djl.pytorch.num_threads",
                System.getenv().getOrDefault("OMP_NUM_THREADS", "libtorch's default"));
        return new EngineReport(Engine.getDjlVersion(), engine.getVersion(), LibUtils.getLibtorchPath(), cuda, count,
                List.copyOf(devices), threads);
    }

    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append("DJL ").append(djlVersion).append('\n');
        s.append("libtorch ").append(libtorchVersion).append(cudaBuild ? " (CUDA build)" : " (CPU-only build)")
                .append(" from ").append(libtorchPath).append('\n');
        s.append("CPU threads per trial: ").append(threads).append('\n');
        s.append("CUDA devices the engine sees: ").append(cudaDevices).append('\n');
        devices.forEach(d -> s.append("  ").append(d).append('\n'));
        return s.toString();
    }
}
