package io.lorasweep.agent;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;

/** Engine start-up for tests: offline, and the same engine for every test class. */
public final class DjlTestSupport {

    private DjlTestSupport() {
    }

    public static Engine engine() {
        return io.lorasweep.agent.model.Engines.pytorch();
    }

    public static float[] floats(NDArray a) {
        return a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    }
}
