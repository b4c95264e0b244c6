package io.lorasweep.agent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.io.HostTensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LlamaModelTest {

    static NDManager manager;

    @BeforeAll
    static void start() {
        manager = DjlTestSupport.engine().newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    static LlamaConfig gqaConfig() {
        return LlamaConfig.of(61, 32, 48, 2, 4, 2, 64, false);
    }

    static void assertClose(double[][] expected, float[] actual, int row0, int rows, double tol) {
        int v = expected[0].length;
        double scale = 0;
        for (double[] r : expected) {
            for (double x : r) {
                scale = Math.max(scale, Math.abs(x));
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < v; j++) {
                double e = expected[i][j];
                double a = actual[(row0 + i) * v + j];
                assertEquals(e, a, tol * scale, "logit [" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void logitsMatchTheDoublePrecisionReferenceWithGqaAndUntiedHead() {
        LlamaConfig config = gqaConfig();
        Map<String, HostTensor> weights = LlamaModel.randomTensors(config, 7, 0.2);
        int[] ids = {3, 17, 60, 0, 42, 9, 9, 31, 5, 12};
        double[][] expected = new ReferenceLlama(config, weights).logits(ids);
        try (LlamaModel model = LlamaModel.fromTensors(config, weights, manager); NDScope scope = new NDScope()) {
            NDArray logits = model.forward(manager.create(toLong(ids), new Shape(1, ids.length)), null, null);
            assertEquals(new Shape(1, ids.length, 61), logits.getShape());
            assertClose(expected, logits.toFloatArray(), 0, ids.length, 2e-6);
        }
    }

    @Test
    void tiedEmbeddingsAndLlama3RopeScalingMatchTheReference() {
        LlamaConfig config = LlamaConfig.of(40, 32, 40, 2, 2, 1, 64, true)
                .withRopeTheta(500000.0).withRopeScaling(new RopeScaling(8.0, 1.0, 4.0, 16));
        Map<String, HostTensor> weights = LlamaModel.randomTensors(config, 11, 0.2);
        int[] ids = new int[40];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 7 + 3) % 40;
        }
        double[][] expected = new ReferenceLlama(config, weights).logits(ids);
        try (LlamaModel model = LlamaModel.fromTensors(config, weights, manager); NDScope scope = new NDScope()) {
            NDArray logits = model.forward(manager.create(toLong(ids), new Shape(1, ids.length)), null, null);
            assertClose(expected, logits.toFloatArray(), 0, ids.length, 2e-6);
        }
    }

    @Test
    void paddedBatchesGiveEachSequenceItsOwnLogits() {
        LlamaConfig config = gqaConfig();
        Map<String, HostTensor> weights = LlamaModel.randomTensors(config, 3, 0.2);
        ReferenceLlama ref = new ReferenceLlama(config, weights);
        int[] a = {5, 6, 7, 8, 9, 10};
        int[] b = {40, 41, 42};
        try (LlamaModel model = LlamaModel.fromTensors(config, weights, manager); NDScope scope = new NDScope()) {
            // right padding in row 0 of a two-row batch, left padding in row 1
            long[] ids = {40, 41, 42, 0, 0, 0, 0, 0, 5, 6, 7, 8, 9, 10, 0, 0, 0, 0, 40, 41, 42};
            long[] mask = {1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1};
            // rows: [b + pad], [pad + a], [pad + b]
            NDArray logits = model.forward(manager.create(ids, new Shape(3, 7)),
                    manager.create(mask, new Shape(3, 7)), null);
            float[] all = logits.toFloatArray();
            int v = config.vocabSize();
            assertClose(ref.logits(b), slice(all, 0, 3, v), 0, 3, 2e-6);
            assertClose(ref.logits(a), slice(all, 7 + 1, 6, v), 0, 6, 2e-6);
            assertClose(ref.logits(b), slice(all, 14 + 4, 3, v), 0, 3, 2e-6);
        }
    }

    @Test
    void kvCacheStepsReproduceTheFullForwardPass() {
        LlamaConfig config = gqaConfig();
        Map<String, HostTensor> weights = LlamaModel.randomTensors(config, 5, 0.2);
        int[] ids = {1, 2, 3, 4, 5, 6, 7, 8};
        double[][] expected = new ReferenceLlama(config, weights).logits(ids);
        try (LlamaModel model = LlamaModel.fromTensors(config, weights, manager);
                KvCache cache = new KvCache(config.numHiddenLayers()); NDScope scope = new NDScope()) {
            NDArray prefix = model.forward(manager.create(new long[] {1, 2, 3, 4, 5}, new Shape(1, 5)), null, cache);
            assertClose(expected, prefix.toFloatArray(), 0, 5, 2e-6);
            for (int i = 5; i < ids.length; i++) {
                NDArray step = model.forward(manager.create(new long[] {ids[i]}, new Shape(1, 1)), null, cache);
                double[][] row = {expected[i]};
                assertClose(row, step.toFloatArray(), 0, 1, 2e-6);
            }
            assertEquals(8, cache.length());
        }
    }

    @Test
    void positionsBeyondTheContextAreRefused() {
        LlamaConfig config = LlamaConfig.of(10, 8, 8, 1, 2, 2, 4, true);
        try (LlamaModel model = LlamaModel.fromTensors(config, LlamaModel.randomTensors(config, 1, 0.2), manager);
                NDScope scope = new NDScope()) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class,
                    () -> model.forward(manager.create(new long[] {1, 2, 3, 4, 5}, new Shape(1, 5)), null, null));
            assertTrue(e.getMessage().contains("max_position_embeddings"), e.getMessage());
        }
    }

    @Test
    void paddingTakesNoPositionSoAPaddedRowMayBeWiderThanTheContext() {
        LlamaConfig config = LlamaConfig.of(61, 32, 48, 2, 4, 2, 16, false);
        Map<String, HostTensor> weights = LlamaModel.randomTensors(config, 8, 0.2);
        int[] row = {3, 17, 60, 0, 42, 9, 9, 31, 5, 12, 7, 7, 1, 2};
        double[][] expected = new ReferenceLlama(config, weights).logits(row);
        try (LlamaModel model = LlamaModel.fromTensors(config, weights, manager); NDScope scope = new NDScope()) {
            // 6 padding columns and the row's 14 tokens: 20 columns, 14 positions
            long[] ids = new long[20];
            long[] mask = new long[20];
            for (int i = 0; i < row.length; i++) {
                ids[6 + i] = row[i];
                mask[6 + i] = 1;
            }
            NDArray logits = model.forward(manager.create(ids, new Shape(1, 20)), manager.create(mask, new Shape(1,
                    20)), null);
            assertClose(expected, slice(logits.toFloatArray(), 6, 14, 61), 0, 14, 2e-6);
            // 17 real tokens are too many, padded or not
            long[] full = new long[20];
            java.util.Arrays.fill(full, 3, 20, 1);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> model.forward(manager.create(ids, new Shape(1, 20)),
                            manager.create(full, new Shape(1, 20)), null));
            assertTrue(e.getMessage().contains("17 tokens") && e.getMessage().contains("max_position_embeddings 16"),
                    e.getMessage());
        }
    }

    @Test
    void parameterCountAgreesWithTheTensors() {
        LlamaConfig config = gqaConfig();
        long n = LlamaModel.randomTensors(config, 1, 0.02).values().stream()
                .mapToLong(t -> t.values().length).sum();
        assertEquals(n, config.parameterCount());
        assertEquals(List.of(), config.eosTokenIds());
    }

    static float[] slice(float[] all, int row0, int rows, int v) {
        float[] out = new float[rows * v];
        System.arraycopy(all, row0 * v, out, 0, rows * v);
        return out;
    }

    static long[] toLong(int[] ids) {
        long[] out = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = ids[i];
        }
        return out;
    }
}
