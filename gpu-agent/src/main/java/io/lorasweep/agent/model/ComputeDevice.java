package io.lorasweep.agent.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

/**
 * Where a trial's tensors live, decided in this one place: every manager the trainer, the model, the generator and
 * the evaluations create tensors through comes from {@link #newManager()}, so weights (NF4 codes and scales
 * included), adapters, optimiser state, batches and the KV cache are on this device and nothing falls back to an
 * engine default. A CUDA device the engine cannot see is refused ({@link #requireAvailable()}), never replaced by
 * the CPU.
 */
public record ComputeDevice(String name, int cudaIndex) {

    public static final ComputeDevice CPU = new ComputeDevice("cpu", -1);

    public ComputeDevice {
        if (!(name.equals("cpu") && cudaIndex == -1) && !(name.equals("cuda:" + cudaIndex) && cudaIndex >= 0)) {
            throw new IllegalArgumentException("not a device: " + name);
        }
    }

    /** {@code cpu} or {@code cuda:N}, the names the agent's {@code --devices} takes. */
    public static ComputeDevice parse(String spec) {
        if ("cpu".equals(spec)) {
            return CPU;
        }
        if (spec != null && spec.matches("cuda:\\d{1,3}")) {
            return new ComputeDevice(spec, Integer.parseInt(spec.substring("cuda:".length())));
        }
        throw new IllegalArgumentException("device '" + spec + "' is not cpu or cuda:N");
    }

    public boolean isCuda() {
        return cudaIndex >= 0;
    }

    /**
     * The precision a trial computes in here: f16 on CUDA (half the weight and activation memory, and the tensor
     * cores), f32 on the CPU, where half precision has no fast kernels.
     */
    public Precision precision() {
        return isCuda() ? Precision.F16 : Precision.F32;
    }

    /** DJL's name for it; only managers from {@link #newManager()} should need it. */
    public Device djl() {
        return isCuda() ? Device.gpu(cudaIndex) : Device.cpu();
    }

    /**
     * A tensor manager on this device, after checking that the engine sees it.
     *
     * @throws DeviceUnavailableException for a CUDA device the loaded libtorch cannot see
     */
    public NDManager newManager() {
        Engines.pytorch();
        requireAvailable();
        return NDManager.newBaseManager(djl(), "PyTorch");
    }

    /** This device, if the loaded engine can place tensors on it; otherwise why not and how to fix it. */
    public ComputeDevice requireAvailable() {
        if (!isCuda()) {
            return this;
        }
        EngineReport engine = EngineReport.current();
        if (cudaIndex >= engine.cudaDevices()) {
            throw new DeviceUnavailableException(name + " is not visible to the engine: DJL loaded libtorch "
                    + engine.libtorchVersion() + " (" + (engine.cudaBuild() ? "a CUDA build" : "a CPU-only build")
                    + ") from " + engine.libtorchPath() + ", which sees " + engine.cudaDevices()
                    + " CUDA device(s). To train on a GPU, point DJL at a CUDA libtorch, e.g. the one inside a "
                    + "PyTorch installation: PYTORCH_LIBRARY_PATH=<site-packages>/torch/lib PYTORCH_VERSION=<its "
                    + "version> PYTORCH_FLAVOR=cu<CUDA version> (README, \"GPU agents\"); "
                    + "`./lorasweep doctor` shows what is loaded. Or run the agent with --devices cpu.");
        }
        return this;
    }

    @Override
    public String toString() {
        return name;
    }

    /** A CUDA device was asked for and the engine cannot see it. */
    public static final class DeviceUnavailableException extends IllegalStateException {
        public DeviceUnavailableException(String message) {
            super(message);
        }
    }
}
