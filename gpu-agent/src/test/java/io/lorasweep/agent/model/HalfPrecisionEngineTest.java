package io.lorasweep.agent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.lorasweep.agent.DjlTestSupport;
import org.junit.jupiter.api.Test;

/**
 * What DJL's PyTorch engine allows for half-precision compute, pinned so that an engine upgrade that changes it is
 * noticed: f16 arithmetic runs (on the CPU too), but a cast ({@code toType}) is not recorded by autograd, so a
 * gradient cannot flow from an f16 computation back to f32 adapter weights through one. Mixed precision as PEFT and
 * QLoRA run it (f32 adapters, bf16 or f16 compute) therefore cannot be built on DJL's casts; a bf16 cast is not tried
 * here because it aborts the JVM (see {@code HostTensor}).
 */
class HalfPrecisionEngineTest {

    @Test
    void f16ArithmeticRunsButACastCutsTheGradient() {
        DjlTestSupport.engine();
        try (NDManager m = ComputeDevice.CPU.newManager()) {
            NDArray x = m.randomNormal(new Shape(4, 8));
            NDArray w = m.randomNormal(new Shape(8, 3));
            NDArray half = x.toType(DataType.FLOAT16, false).matMul(w.toType(DataType.FLOAT16, false));
            assertEquals(DataType.FLOAT16, half.getDataType());
            float[] got = DjlTestSupport.floats(half);
            float[] want = x.matMul(w).toFloatArray();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 0.02 * Math.max(1, Math.abs(want[i])), "f16 matmul, element " + i);
            }

            w.setRequiresGradient(true);
            try (GradientCollector gc = DjlTestSupport.engine().newGradientCollector()) {
                gc.backward(w.mul(2).sum());
            }
            assertEquals(48.0f, w.getGradient().sum().getFloat(), 1e-4, "f32 autograd works");
            EngineException cut = assertThrows(EngineException.class, () -> {
                try (GradientCollector gc = DjlTestSupport.engine().newGradientCollector()) {
                    gc.backward(w.toType(DataType.FLOAT16, false).mul(2).toType(DataType.FLOAT32, false).sum());
                }
            });
            assertTrue(cut.getMessage().contains("does not require grad"), cut.getMessage());
        }
    }
}
