package io.lorasweep.agent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.data.TokenizedExample;
import io.lorasweep.agent.lora.LoraAdapter;
import io.lorasweep.agent.lora.LoraConfig;
import io.lorasweep.agent.quant.Nf4Linear;
import io.lorasweep.agent.train.StepMetrics;
import io.lorasweep.agent.train.Trainer;
import io.lorasweep.agent.train.TrainingConfig;
import io.lorasweep.agent.train.TrainingListener;
import io.lorasweep.agent.train.TrainingResult;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** One decision of where tensors live, and a refusal instead of a silent fall back to the CPU. */
class ComputeDeviceTest {

    @Test
    void parsesTheAgentsDeviceNamesAndNothingElse() {
        assertEquals(ComputeDevice.CPU, ComputeDevice.parse("cpu"));
        assertEquals(3, ComputeDevice.parse("cuda:3").cudaIndex());
        for (String bad : List.of("gpu", "cuda", "cuda:-1", "cuda:x", "CPU", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ComputeDevice.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void aCudaDeviceTheEngineCannotSeeIsRefusedSayingWhichLibtorchIsLoadedAndHowToChangeIt() {
        DjlTestSupport.engine();
        EngineReport engine = EngineReport.current();
        Assumptions.assumeTrue(engine.cudaDevices() == 0, "this machine has a CUDA device");
        ComputeDevice.DeviceUnavailableException e = assertThrows(ComputeDevice.DeviceUnavailableException.class,
                () -> ComputeDevice.parse("cuda:0").newManager());
        assertTrue(e.getMessage().startsWith("cuda:0 is not visible to the engine"), e.getMessage());
        assertTrue(e.getMessage().contains("libtorch " + engine.libtorchVersion()), e.getMessage());
        assertTrue(e.getMessage().contains(engine.libtorchPath()), e.getMessage());
        assertTrue(e.getMessage().contains("PYTORCH_LIBRARY_PATH"), e.getMessage());
        assertFalse(engine.cudaBuild() && e.getMessage().contains("CPU-only"), e.getMessage());
    }

    /**
     * Every tensor alive during a training step (weights in NF4 and f32, adapter, optimiser state, batch,
     * activations) is on the trial's device, counted over all of the engine's managers, not only the trial's.
     */
    @Test
    void everyTensorOfATrainingStepIsOnTheTrialsDevice() throws Exception {
        DjlTestSupport.engine();
        ComputeDevice device = ComputeDevice.CPU;
        LlamaConfig config = LlamaConfig.of(61, 32, 48, 2, 4, 2, 64, true);
        List<String> seen = new ArrayList<>();
        try (NDManager manager = device.newManager();
             LlamaModel model = LlamaModel.fromTensors(config, LlamaModel.randomTensors(config, 1, 0.02), manager,
                     Nf4Linear.factory(true, m -> m.endsWith("mlp.up_proj")))) {
            LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(4, 8, "all-linear"));
            List<TokenizedExample> batch = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int row = i;
                int[] ids = new int[12];
                Arrays.setAll(ids, j -> (row * 7 + j * 3) % 61);
                boolean[] target = new boolean[12];
                Arrays.fill(target, 4, 12, true);
                batch.add(new TokenizedExample(ids, target));
            }
            TrainingResult result = Trainer.forAdapter(adapter, TrainingConfig.defaults(1e-3, 2, 4).withEval(0))
                    .train(batch, List.of(), new TrainingListener() {
                        @Override
                        public void onStep(StepMetrics m) {
                            for (NDArray a : everyArray()) {
                                seen.add(a.getDevice().toString());
                            }
                        }
                    }, null);
            assertEquals(TrainingResult.Status.COMPLETED, result.status(), result.reason());
        }
        assertTrue(seen.size() > 50, "arrays seen: " + seen.size());
        assertEquals(List.of(device.djl().toString()), seen.stream().distinct().toList());
    }

    /** The engine's root manager, which every base manager hangs off: the arrays of all of them. */
    private static List<NDArray> everyArray() {
        try {
            Class<?> pt = Class.forName("ai.djl.pytorch.engine.PtNDManager");
            Method system = pt.getDeclaredMethod("getSystemManager");
            system.setAccessible(true);
            return ((NDManager) system.invoke(null)).getManagedArrays();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Nothing outside {@link ComputeDevice} names a device or opens a manager on the engine's default one. */
    @Test
    void onlyComputeDeviceDecidesWhereTensorsGo() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String module : List.of("gpu-agent", "cli")) {
            Path root = Path.of("..", module, "src", "main", "java");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    if (f.getFileName().toString().equals("ComputeDevice.java")) {
                        continue;
                    }
                    String s = Files.readString(f);
                    for (String call : List.of("newBaseManager(", "Device.cpu(", "Device.gpu(", "Device.of(",
                            "defaultDevice(")) {
                        if (s.contains(call)) {
                            offenders.add(root.relativize(f) + ": " + call);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
