package io.lorasweep.agent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.lorasweep.agent.CharTokenizer;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.GcSupport;
import io.lorasweep.agent.data.Batch;
import io.lorasweep.agent.data.LengthBatcher;
import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.lora.LoraAdapter;
import io.lorasweep.agent.lora.LoraConfig;
import io.lorasweep.agent.model.LinearLayer;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.model.NamedParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression test of the intermittent "gradient norm is NaN" with a finite loss: a garbage collection during a step
 * freed the constant operands (LoRA scaling, attention 1/sqrt(d), ...) that autograd still needed for backward, so
 * the gradient depended on when the GC happened to run. Here a GC is forced in the middle of every forward pass,
 * after all those constants were made, and gradients and training must come out bit for bit as without it.
 */
class GcTimingTest {

    static NDManager manager;
    static final LlamaConfig CONFIG = LlamaConfig.of(CharTokenizer.VOCAB, 32, 64, 2, 4, 2, 128, true);
    static final Map<String, HostTensor> BASE = LlamaModel.randomTensors(CONFIG, 1, 0.3);
    /** the last projection of the last layer: everything before it in the forward pass has made its constants */
    static final String LAST = "model.layers.1.mlp.down_proj";

    @BeforeAll
    static void start() {
        manager = DjlTestSupport.engine().newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    /** A projection whose forward pass ends with a full GC that frees every unreachable direct buffer. */
    static final class GcAfterForward implements LinearLayer {
        private final LinearLayer inner;

        GcAfterForward(LinearLayer inner) {
            this.inner = inner;
        }

        @Override
        public int inFeatures() {
            return inner.inFeatures();
        }

        @Override
        public int outFeatures() {
            return inner.outFeatures();
        }

        @Override
        public NDArray forward(NDArray x) {
            NDArray y = inner.forward(x);
            GcSupport.freeUnreachableDirectBuffers();
            return y;
        }

        @Override
        public NDArray denseWeight() {
            return inner.denseWeight();
        }

        @Override
        public long storageBytes() {
            return inner.storageBytes();
        }
    }

    /** Gradients of the summed NLL of one batch, by PEFT name. */
    static Map<String, float[]> gradients(LoraConfig loraConfig, boolean gcMidForward) {
        try (LlamaModel model = LlamaModel.fromTensors(CONFIG, BASE, manager)) {
            LoraAdapter adapter = LoraAdapter.inject(model, loraConfig);
            // B starts at zero, which would hide A's gradient: give the adapter a non-trivial state
            Map<String, HostTensor> state = new LinkedHashMap<>();
            java.util.Random random = new java.util.Random(3);
            adapter.toTensors().forEach((name, t) -> {
                float[] v = t.values().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] += (float) (random.nextGaussian() * 0.1);
                }
                state.put(name, new HostTensor(t.shape(), v));
            });
            adapter.load(state);
            adapter.setTraining(true);
            if (gcMidForward) {
                model.replaceLinear(LAST, new GcAfterForward(model.linear(LAST)));
            }
            Batch b = LengthBatcher.build(TrainerTest.data(4, 0));
            Shape shape = new Shape(b.rows(), b.length());
            Engine.getInstance().setRandomSeed(11);
            try (NDScope scope = new NDScope(); GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(manager.create(b.inputs(), shape), manager.create(b.mask(), shape),
                        null);
                c.backward(CausalLmLoss.summedNll(logits, manager.create(b.targets(), shape),
                        manager.create(b.weights(), shape)));
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            try (NDScope scope = new NDScope()) {
                for (NamedParameter p : adapter.parameters()) {
                    out.put(p.name(), p.array().getGradient().toFloatArray());
                }
            }
            return out;
        }
    }

    static void assertSameGradients(LoraConfig loraConfig) {
        Map<String, float[]> expected = gradients(loraConfig, false);
        Map<String, float[]> actual = gradients(loraConfig, true);
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertTrue(norm(expected.get(name)) > 0, () -> name + " has no gradient to compare");
            assertArrayEquals(expected.get(name), actual.get(name), 0f, () -> name + ": gradient changed by a GC"
                    + " during the step (norm " + norm(expected.get(name)) + " -> " + norm(actual.get(name)) + ")");
        }
    }

    static double norm(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        return Math.sqrt(s);
    }

    @Test
    void loraGradientsDoNotDependOnWhenTheGcRuns() {
        assertSameGradients(LoraConfig.of(4, 8, "all-linear"));
    }

    @Test
    void doraGradientsWithDropoutDoNotDependOnWhenTheGcRuns() {
        assertSameGradients(LoraConfig.of(4, 8, "all-linear").withDora(true).withDropout(0.1));
    }

    @Test
    void zeroedGradientsKeepMemoryOfTheirOwn() {
        try (LlamaModel model = LlamaModel.fromTensors(CONFIG, BASE, manager)) {
            LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(4, 8, "all-linear"));
            Trainer trainer = Trainer.forAdapter(adapter, TrainerTest.config(1));
            Batch b = LengthBatcher.build(TrainerTest.data(4, 0));
            Shape shape = new Shape(b.rows(), b.length());
            Map<String, float[]> previous = null;
            for (int pass = 0; pass < 2; pass++) {
                try (NDScope scope = new NDScope();
                        GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = model.forward(manager.create(b.inputs(), shape), manager.create(b.mask(), shape),
                            null);
                    c.backward(CausalLmLoss.summedNll(logits, manager.create(b.targets(), shape),
                            manager.create(b.weights(), shape)));
                }
                Map<String, float[]> first = new LinkedHashMap<>();
                try (NDScope scope = new NDScope()) {
                    for (NamedParameter p : adapter.parameters()) {
                        first.put(p.name(), p.array().getGradient().toFloatArray());
                    }
                }
                if (previous != null) {
                    for (String name : previous.keySet()) {
                        assertArrayEquals(previous.get(name), first.get(name), 0f, () -> name
                                + ": the gradient accumulated after zeroing differs from the first one");
                    }
                }
                previous = first;
                trainer.zeroGradients();
                GcSupport.freeUnreachableDirectBuffers();
                try (NDScope scope = new NDScope()) {
                    for (NamedParameter p : adapter.parameters()) {
                        float[] g = p.array().getGradient().toFloatArray();
                        assertEquals(0.0, norm(g), () -> p.name() + " holds garbage after zeroing and a GC");
                        assertTrue(norm(first.get(p.name())) > 0 || p.name().contains("lora_A"), p.name());
                    }
                }
            }
        }
    }

    @Test
    void trainingDoesNotDependOnWhenTheGcRuns() {
        List<Map<String, HostTensor>> adapters = new java.util.ArrayList<>();
        List<List<Double>> losses = new java.util.ArrayList<>();
        for (boolean gc : new boolean[] {false, true}) {
            try (LlamaModel model = LlamaModel.fromTensors(CONFIG, BASE, manager)) {
                LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(4, 8, "all-linear"));
                if (gc) {
                    model.replaceLinear(LAST, new GcAfterForward(model.linear(LAST)));
                }
                TrainingResult result = Trainer.forAdapter(adapter, TrainerTest.config(3)).train(
                        TrainerTest.data(12, 0), null, TrainingListener.NONE, null);
                assertEquals(TrainingResult.Status.COMPLETED, result.status(), result.reason());
                adapters.add(adapter.toTensors());
                losses.add(result.history().stream().map(StepMetrics::loss).toList());
            }
        }
        assertEquals(losses.get(0), losses.get(1));
        assertEquals(adapters.get(0), adapters.get(1), "adapter weights after 3 steps differ with a GC mid-step");
    }
}
