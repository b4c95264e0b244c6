package io.lorasweep.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.agent.model.ComputeDevice;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.Precision;
import io.lorasweep.agent.quant.BaseWeightBytes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryEstimateTest {

    /** The shipped model's shape: hidden 256, 4 layers, 4 heads of 64 (2 for k and v), vocabulary 3,072. */
    static final LlamaConfig SHIPPED = LlamaConfig.read(Path.of("..", "assets", "models", "tiny-llama",
            "config.json"));

    private static TrialPlan plan(Object... keyValues) {
        Map<String, Object> params = new HashMap<>(Map.of("rank", 8, "target_modules", List.of("q_proj", "v_proj"),
                "batch_size", 8, "max_length", 256));
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put((String) keyValues[i], keyValues[i + 1]);
        }
        return TrialPlan.of(params);
    }

    @Test
    void theAdapterStateIsSixteenBytesPerAdapterParameter() {
        // q_proj [256 x 256] and v_proj [128 x 256] at r=8: 8 * (256 + 256) + 8 * (256 + 128) per layer
        long params = 4L * (8 * (256 + 256) + 8 * (256 + 128));
        assertEquals(16 * params, MemoryEstimate.of(SHIPPED, plan(), 0).adapterState());
        // DoRA adds a magnitude per output row
        long dora = params + 4L * (256 + 128);
        assertEquals(16 * dora, MemoryEstimate.of(SHIPPED, plan("use_dora", true), 0).adapterState());
    }

    @Test
    void inF16TheWeightsAndActivationsHalveAndTheAdapterCarriesItsCopiesAndF32Gradients() {
        BaseWeightBytes bytes = BaseWeightBytes.of(SHIPPED);
        MemoryEstimate f32 = MemoryEstimate.of(SHIPPED, plan(), 0);
        MemoryEstimate f16 = MemoryEstimate.of(SHIPPED, plan(), 0, Precision.F16);
        assertEquals((bytes.f32() + bytes.otherF32()) / 2, f16.weights());
        assertEquals(bytes.nf4DoubleQuant() + bytes.otherF32() / 2,
                MemoryEstimate.of(SHIPPED, plan("quantization", "nf4"), 0, Precision.F16).weights(),
                "NF4 codes are stored as they are in any precision");
        // f32 master and moments (12), f16 copy and gradient (4), the gradient widened for the update (4)
        assertEquals(20 * (f32.adapterState() / 16), f16.adapterState());
        assertTrue(f16.activations() < f32.activations() && f16.activations() > f32.activations() / 4,
                f16.activations() + " against " + f32.activations());
        assertEquals(f32.total(), MemoryEstimate.of(SHIPPED, plan(), 0, ComputeDevice.CPU.precision()).total(),
                "the CPU computes in f32");
    }

    @Test
    void theWeightsAreTheBaseInItsStorageMode() {
        BaseWeightBytes bytes = BaseWeightBytes.of(SHIPPED);
        assertEquals(bytes.f32() + bytes.otherF32(), MemoryEstimate.of(SHIPPED, plan(), 0).weights());
        assertEquals(bytes.nf4DoubleQuant() + bytes.otherF32(),
                MemoryEstimate.of(SHIPPED, plan("quantization", "nf4"), 0).weights());
        assertEquals(bytes.nf4() + bytes.otherF32(),
                MemoryEstimate.of(SHIPPED, plan("quantization", "nf4", "double_quant", false), 0).weights());
    }

    @Test
    void activationsGrowWithTheBatchTheSequenceTheRankAndDora() {
        long base = MemoryEstimate.of(SHIPPED, plan(), 0).activations();
        long doubleBatch = MemoryEstimate.of(SHIPPED, plan("batch_size", 16), 0).activations();
        assertEquals(2.0, (double) doubleBatch / base, 1e-6);
        assertTrue(MemoryEstimate.of(SHIPPED, plan("max_length", 128), 0).activations() < base / 2 + base / 4,
                "attention scores grow with the square of the sequence, the rest linearly");
        assertTrue(MemoryEstimate.of(SHIPPED, plan("rank", 64), 0).activations() > base);
        assertTrue(MemoryEstimate.of(SHIPPED, plan("use_dora", true), 0).activations() > base);
        assertTrue(MemoryEstimate.of(SHIPPED, plan("target_modules", "all-linear"), 0).activations() > base);
        // the context caps the sequence whatever max_length says
        long atContext = MemoryEstimate.of(SHIPPED, plan("max_length", SHIPPED.maxPositionEmbeddings()), 0)
                .activations();
        assertEquals(atContext, MemoryEstimate.of(SHIPPED, plan("max_length", 4 * SHIPPED.maxPositionEmbeddings()), 0)
                .activations());
    }

    @Test
    void underNf4TheDequantisedProjectionsStayInTheGraph() {
        long plain = MemoryEstimate.of(SHIPPED, plan(), 0).activations();
        long nf4 = MemoryEstimate.of(SHIPPED, plan("quantization", "nf4"), 0).activations();
        assertEquals(BaseWeightBytes.of(SHIPPED).f32(), nf4 - plain);
    }

    @Test
    void theTotalIsItsParts() {
        MemoryEstimate e = MemoryEstimate.of(SHIPPED, plan(), 123);
        assertEquals(123 + e.weights() + e.adapterState() + e.activations(), e.total());
        assertTrue(e.describe().startsWith(MemoryEstimate.mib(e.total()) + " (runtime 0 MiB"), e.describe());
    }

    @Test
    void theTrialHeapComesFromTheLastXmx() {
        assertEquals(768L << 20, MemoryPlanner.heapBytes(List.of("-Xmx4g", "-Xms768m", "-Xmx768m")));
        assertEquals(3L << 30, MemoryPlanner.heapBytes(List.of("-Xmx3G")));
        assertEquals(Runtime.getRuntime().maxMemory(), MemoryPlanner.heapBytes(List.of("-XX:+AlwaysPreTouch")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemoryPlanner.heapBytes(List.of("-Xmxlots")));
        assertTrue(e.getMessage().contains("-Xmxlots"), e.getMessage());
    }

    @Test
    void theCpuHasRoomToReport() {
        assertTrue(MemoryPlanner.room("cpu").orElseThrow() > 0);
    }
}
