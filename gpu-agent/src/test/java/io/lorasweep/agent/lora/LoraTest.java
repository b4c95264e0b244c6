package io.lorasweep.agent.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.model.LinearLayer;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.model.NamedParameter;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LoraTest {

    static NDManager manager;
    static final LlamaConfig CONFIG = LlamaConfig.of(23, 16, 24, 2, 4, 2, 32, false);
    static final long[] IDS = {3, 7, 1, 22, 9, 4};

    @BeforeAll
    static void start() {
        manager = DjlTestSupport.engine().newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    static LlamaModel model(long seed) {
        return LlamaModel.fromTensors(CONFIG, LlamaModel.randomTensors(CONFIG, seed, 0.3), manager);
    }

    static float[] logits(LlamaModel model) {
        try (NDScope scope = new NDScope()) {
            return model.forward(model.manager().create(IDS, new Shape(1, IDS.length)), null, null).toFloatArray();
        }
    }

    /** Gives every B (and magnitude) random values so the adapter actually changes the model. */
    static void randomise(LoraAdapter adapter, long seed) {
        Random r = new Random(seed);
        for (NamedParameter p : adapter.parameters()) {
            if (p.name().endsWith("lora_A.weight")) {
                continue;
            }
            float[] v = p.array().toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = p.name().endsWith("magnitude_vector") ? v[i] * (float) (0.8 + 0.4 * r.nextDouble())
                        : (float) (r.nextGaussian() * 0.2);
            }
            p.array().set(FloatBuffer.wrap(v));
        }
    }

    @Test
    void scalingIsAlphaOverROrOverSqrtR() {
        assertEquals(2.0, LoraConfig.of(8, 16, "q_proj").scaling());
        assertEquals(16 / Math.sqrt(8), LoraConfig.of(8, 16, "q_proj").withRslora(true).scaling(), 1e-12);
        assertEquals(LlamaTensorLayoutProjections.ALL, LoraConfig.of(4, 8, "all-linear").targetModules());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoraConfig.of(4, 8, "qkv"));
        assertTrue(e.getMessage().contains("targetModules entry 'qkv'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoraConfig.of(0, 8, "q_proj"));
    }

    @Test
    void aFreshAdapterLeavesTheLogitsUnchanged() {
        for (boolean dora : new boolean[] {false, true}) {
            try (LlamaModel model = model(1)) {
                float[] before = logits(model);
                LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(4, 8, "all-linear").withDora(dora));
                assertEquals(14, adapter.layers().size());
                float[] after = logits(model);
                for (int i = 0; i < before.length; i++) {
                    assertEquals(before[i], after[i], 1e-5 * Math.max(1, Math.abs(before[i])), "dora=" + dora);
                }
            }
        }
    }

    @Test
    void aInitIsKaimingUniformAndBIsZero() {
        try (LlamaModel model = model(2)) {
            LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(8, 16, "q_proj", "down_proj"));
            LoraLinear down = adapter.layers().get("model.layers.0.mlp.down_proj");
            float[] a = down.loraA().toFloatArray();
            double bound = 1 / Math.sqrt(24);
            double sumSq = 0;
            for (float v : a) {
                assertTrue(Math.abs(v) <= bound, "A entry " + v + " beyond " + bound);
                sumSq += v * v;
            }
            // uniform(-b, b) has variance b^2/3
            assertEquals(bound * bound / 3, sumSq / a.length, bound * bound / 3 * 0.25);
            for (float v : down.loraB().toFloatArray()) {
                assertEquals(0f, v);
            }
            assertEquals(new Shape(8, 24), down.loraA().getShape());
            assertEquals(new Shape(16, 8), down.loraB().getShape());
        }
    }

    @Test
    void mergedAndUnmergedOutputsAgreeAndUnmergeRestoresTheBase() {
        for (boolean dora : new boolean[] {false, true}) {
            try (LlamaModel model = model(3)) {
                float[] base = model.linear("model.layers.1.self_attn.v_proj").denseWeight().toFloatArray();
                LoraAdapter adapter = LoraAdapter.inject(model,
                        LoraConfig.of(4, 8, "all-linear").withDora(dora).withRslora(dora));
                randomise(adapter, 9);
                float[] unmerged = logits(model);
                adapter.merge();
                float[] merged = logits(model);
                double scale = 0;
                for (float v : unmerged) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < merged.length; i++) {
                    assertEquals(unmerged[i], merged[i], 1e-5 * scale, "dora=" + dora + " logit " + i);
                }
                assertNotEquals(base[0], model.linear("model.layers.1.self_attn.v_proj").denseWeight()
                        .toFloatArray()[0]);
                adapter.unmerge();
                float[] restored = ((LoraLinear) model.linear("model.layers.1.self_attn.v_proj")).base()
                        .denseWeight().toFloatArray();
                for (int i = 0; i < base.length; i++) {
                    assertEquals(base[i], restored[i], 1e-5);
                }
                float[] again = logits(model);
                for (int i = 0; i < again.length; i++) {
                    assertEquals(unmerged[i], again[i], 1e-5 * scale);
                }
            }
        }
    }

    @Test
    void baseWeightsGetNoGradientAndTheAdapterDoes() {
        try (LlamaModel model = model(4)) {
            LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(4, 8, "all-linear").withDora(true));
            randomise(adapter, 3);
            try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = model.forward(manager.create(IDS, new Shape(1, IDS.length)), null, null);
                gc.backward(out.square().mean());
            }
            for (LinearLayer l : adapter.layers().values()) {
                assertFalse(((LoraLinear) l).base().denseWeight().hasGradient());
            }
            for (NamedParameter p : model.otherWeights()) {
                assertFalse(p.array().hasGradient(), p.name());
            }
            for (NamedParameter p : adapter.parameters()) {
                try (NDArray g = p.array().getGradient()) {
                    assertTrue(g.abs().sum().getFloat() > 0, "no gradient reached " + p.name());
                    g.muli(0);
                }
            }
        }
    }

    @Test
    void loraAndDoraGradientsMatchFiniteDifferences() {
        LlamaConfig tiny = LlamaConfig.of(11, 8, 12, 1, 2, 1, 16, true);
        for (boolean dora : new boolean[] {false, true}) {
            Map<String, HostTensor> weights = LlamaModel.randomTensors(tiny, 5, 0.5);
            try (LlamaModel model = LlamaModel.fromTensors(tiny, weights, manager)) {
                LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(2, 4, "all-linear").withDora(dora));
                randomise(adapter, 11);
                float[] target = new float[5 * 11];
                Random r = new Random(1);
                for (int i = 0; i < target.length; i++) {
                    target[i] = (float) r.nextGaussian();
                }
                // DoRA's norm is a constant to the gradient (PEFT detaches it); hold it so differences see the same
                adapter.layers().values().forEach(l -> l.pinWeightNorm(true));
                try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance()
                        .newGradientCollector()) {
                    gc.backward(loss(model, target));
                }
                int checked = 0;
                for (NamedParameter p : adapter.parameters()) {
                    float[] grad = p.array().getGradient().toFloatArray();
                    for (int i = 0; i < grad.length; i += Math.max(1, grad.length / 3)) {
                        // Richardson extrapolation cancels the eps^2 error of the central difference
                        double numeric = (4 * centralDifference(model, target, p.array(), i, 1e-2f)
                                - centralDifference(model, target, p.array(), i, 2e-2f)) / 3;
                        assertEquals(numeric, grad[i], 2e-3 + 2e-3 * Math.abs(numeric),
                                "dora=" + dora + " d loss / d " + p.name() + "[" + i + "]");
                        checked++;
                    }
                    p.array().getGradient().muli(0);
                }
                assertTrue(checked > 20);
                adapter.layers().values().forEach(l -> l.pinWeightNorm(false));
            }
        }
    }

    private static NDArray loss(LlamaModel model, float[] target) {
        NDArray out = model.forward(manager.create(new long[] {1, 5, 2, 9, 4}, new Shape(1, 5)), null, null);
        return out.mul(manager.create(target, new Shape(1, 5, 11))).sum();
    }

    private static double centralDifference(LlamaModel model, float[] target, NDArray param, int index, float eps) {
        float[] v = param.toFloatArray();
        float original = v[index];
        v[index] = original + eps;
        param.set(FloatBuffer.wrap(v));
        double plus;
        try (NDScope scope = new NDScope()) {
            plus = loss(model, target).getFloat();
        }
        v[index] = original - eps;
        param.set(FloatBuffer.wrap(v));
        double minus;
        try (NDScope scope = new NDScope()) {
            minus = loss(model, target).getFloat();
        }
        v[index] = original;
        param.set(FloatBuffer.wrap(v));
        return (plus - minus) / (2 * eps);
    }

    @Test
    void theAdapterLoadsItsOwnTensorsAndRefusesForeignOnes() {
        try (LlamaModel a = model(6); LlamaModel b = model(6)) {
            LoraAdapter first = LoraAdapter.inject(a, LoraConfig.of(4, 8, "q_proj", "v_proj"));
            randomise(first, 5);
            LoraAdapter second = LoraAdapter.inject(b, LoraConfig.of(4, 8, "q_proj", "v_proj").withSeed(99));
            second.load(first.toTensors());
            assertArrayEquals(logits(a), logits(b));
            Map<String, HostTensor> extra = new java.util.LinkedHashMap<>(first.toTensors());
            extra.put("base_model.model.model.layers.0.mlp.up_proj.lora_A.weight",
                    new HostTensor(new long[] {1}, new float[1]));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> second.load(extra));
            assertTrue(e.getMessage().contains("matches no module"), e.getMessage());
        }
    }

    /** the seven projections in PEFT's order */
    static final class LlamaTensorLayoutProjections {
        static final List<String> ALL = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj",
                "down_proj");
    }
}
