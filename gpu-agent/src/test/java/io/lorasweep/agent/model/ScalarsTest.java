package io.lorasweep.agent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.GcSupport;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The constant operands of an autograd graph must outlive the Java arrays that created them. DJL's
 * {@code NDArray.mul(Number)} and friends do not (see {@link Scalars}); a GC between the forward pass and backward
 * then turns the gradient into garbage while the forward values stay right.
 */
class ScalarsTest {

    static NDManager manager;

    @BeforeAll
    static void start() {
        manager = DjlTestSupport.engine().newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    /** d/dx of sum(f(x)) with a full GC between the forward pass and backward. */
    static float[] gradientWithGcBeforeBackward(UnaryOperator<NDArray> f) {
        NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(4));
        x.setRequiresGradient(true);
        try (NDScope scope = new NDScope(); GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray y = f.apply(x).sum();
            GcSupport.freeUnreachableDirectBuffers();
            c.backward(y);
            return x.getGradient().toFloatArray();
        } finally {
            x.close();
        }
    }

    @Test
    void constantOperandsSurviveAGcBetweenForwardAndBackward() {
        float[] quarter = {0.25f, 0.25f, 0.25f, 0.25f};
        // ((x + 3) - 1) * 2 / 8: every constant is kept by autograd or not, the gradient is 1/4 either way
        float[] g = gradientWithGcBeforeBackward(
                x -> Scalars.div(Scalars.mul(Scalars.sub(Scalars.add(x, 3), 1), 2), 8));
        assertArrayEquals(quarter, g, 0f, () -> "gradient " + Arrays.toString(g));
    }

    /**
     * The engine behaviour the workaround exists for (DJL 0.36, PyTorch 2.7.1, CPU). If this starts failing after an
     * upgrade, DJL now keeps scalar operands alive and {@link Scalars} is a harmless indirection.
     */
    @Test
    void djlNumberOverloadsLoseTheirOperandToTheGc() {
        boolean corrupted = false;
        for (int attempt = 0; attempt < 3 && !corrupted; attempt++) {
            float[] g = gradientWithGcBeforeBackward(x -> x.mul(2f).div(8f));
            corrupted = !Arrays.equals(g, new float[] {0.25f, 0.25f, 0.25f, 0.25f});
        }
        assertTrue(corrupted, "expected DJL's mul(Number)/div(Number) gradient to read a freed operand after a GC");
    }
}
