package io.lorasweep.agent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.CharTokenizer;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.data.InstructionExample;
import io.lorasweep.agent.data.PromptTemplate;
import io.lorasweep.agent.data.TokenizedExample;
import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.lora.LoraAdapter;
import io.lorasweep.agent.lora.LoraConfig;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.model.NamedParameter;
import io.lorasweep.agent.quant.Nf4Linear;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    static NDManager manager;
    static final LlamaConfig CONFIG = LlamaConfig.of(CharTokenizer.VOCAB, 32, 64, 2, 4, 2, 128, true);
    // a frozen tied head of std 0.05 caps the logits near 1.6: too flat for any adapter to fit the data
    static final Map<String, HostTensor> BASE = LlamaModel.randomTensors(CONFIG, 1, 0.3);
    static final String[] COLOURS = {"red", "blue", "green", "black", "white", "pink"};

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        manager = DjlTestSupport.engine().newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    /** "colour of x" -> a fixed colour per word: learnable in a few dozen steps. */
    static List<TokenizedExample> data(int n, int offset) {
        List<TokenizedExample> out = new ArrayList<>();
        CharTokenizer tok = new CharTokenizer();
        for (int i = offset; i < offset + n; i++) {
            String word = "item" + (i % 6);
            out.add(PromptTemplate.ALPACA.tokenize(InstructionExample.instruction("colour", word,
                    COLOURS[i % 6]), tok));
        }
        return out;
    }

    /** A listener that asks the run to stop once {@code steps} steps are done. */
    static TrainingListener stopAfter(int steps) {
        return new TrainingListener() {
            int done;

            @Override
            public void onStep(StepMetrics m) {
                done++;
            }

            @Override
            public boolean shouldStop() {
                return done == steps;
            }
        };
    }

    static TrainingConfig config(int steps) {
        return TrainingConfig.defaults(1e-2, steps, 4).withEval(0).withSchedule(LrSchedule.Kind.COSINE, 0.1);
    }

    @Test
    void loraTrainingLowersHeldOutLossAndLeavesTheBaseAlone() {
        for (boolean qlora : new boolean[] {false, true}) {
            try (LlamaModel model = qlora
                    ? LlamaModel.fromTensors(CONFIG, BASE, manager, Nf4Linear.factory(false, m -> true))
                    : LlamaModel.fromTensors(CONFIG, BASE, manager)) {
                float[] embedBefore = model.otherWeights().get(0).array().toFloatArray();
                LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(8, 16, "all-linear"));
                Trainer trainer = Trainer.forAdapter(adapter, config(100).withLearningRate(3e-2).withEval(50));
                List<Double> evals = new ArrayList<>();
                double before = trainer.evalLoss(io.lorasweep.agent.data.LengthBatcher.batches(data(12, 100), 4,
                        512, 0, false));
                TrainingResult result = trainer.train(data(48, 0), data(12, 100), new TrainingListener() {
                    @Override
                    public void onEval(int step, double loss) {
                        evals.add(loss);
                    }
                }, null);
                assertEquals(TrainingResult.Status.COMPLETED, result.status(), result.reason());
                assertEquals(100, result.history().size());
                assertTrue(result.lastEvalLoss() < before * 0.6, "qlora=" + qlora + " eval loss " + before
                        + " -> " + result.lastEvalLoss());
                assertArrayEquals(embedBefore, model.otherWeights().get(0).array().toFloatArray());
                StepMetrics last = result.history().get(99);
                assertTrue(last.tokensPerSecond() > 0 && last.peakMemoryBytes() > 0 && last.gradNorm() > 0);
                assertTrue(evals.size() >= 2);
            }
        }
    }

    @Test
    void seedsMakeRunsRepeatableAndCheckpointsResumeExactly() {
        float[] straight;
        List<Double> straightLosses = new ArrayList<>();
        try (LlamaModel model = LlamaModel.fromTensors(CONFIG, BASE, manager)) {
            LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(4, 8, "q_proj", "v_proj"));
            TrainingResult r = Trainer.forAdapter(adapter, config(8).withWeightDecay(0.01)).train(data(24, 0), null,
                    TrainingListener.NONE, null);
            r.history().forEach(m -> straightLosses.add(m.loss()));
            straight = adapter.parameters().get(1).array().toFloatArray();
        }
        Path checkpoint = dir.resolve("ckpt");
        try (LlamaModel model = LlamaModel.fromTensors(CONFIG, BASE, manager)) {
            LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(4, 8, "q_proj", "v_proj"));
            TrainingResult r = Trainer.forAdapter(adapter, config(8).withWeightDecay(0.01).withCheckpointEvery(4))
                    .train(data(24, 0), null, stopAfter(4), checkpoint);
            assertEquals(TrainingResult.Status.STOPPED, r.status());
            assertEquals(4, r.steps());
            for (int i = 0; i < 4; i++) {
                assertEquals(straightLosses.get(i), r.history().get(i).loss(), 0.0, "same seed, same loss");
            }
        }
        try (LlamaModel model = LlamaModel.fromTensors(CONFIG, BASE, manager)) {
            LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(4, 8, "q_proj", "v_proj").withSeed(5));
            Trainer trainer = Trainer.forAdapter(adapter, config(8).withWeightDecay(0.01));
            trainer.resumeFrom(checkpoint);
            TrainingResult r = trainer.train(data(24, 0), null, TrainingListener.NONE, null);
            assertEquals(4, r.history().size());
            assertEquals(straightLosses.get(7), r.history().get(3).loss(), 1e-5);
            assertArrayEquals(straight, adapter.parameters().get(1).array().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aNonFiniteLossEndsTheRunAsDiverged() {
        try (LlamaModel model = LlamaModel.fromTensors(CONFIG, BASE, manager)) {
            LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(4, 8, "q_proj"));
            NamedParameter b = adapter.parameters().get(1);
            float[] nan = new float[(int) b.array().size()];
            java.util.Arrays.fill(nan, Float.NaN);
            b.array().set(FloatBuffer.wrap(nan));
            TrainingResult r = Trainer.forAdapter(adapter, config(5)).train(data(8, 0), null, TrainingListener.NONE,
                    null);
            assertEquals(TrainingResult.Status.DIVERGED, r.status());
            assertTrue(r.reason().startsWith("loss is NaN at step 1"), r.reason());
        }
    }

    @Test
    void schedulesWarmUpThenDecay() {
        LrSchedule cos = new LrSchedule(LrSchedule.Kind.COSINE, 1.0, 0.1, 100);
        assertEquals(10, cos.warmupSteps());
        assertEquals(0.1, cos.at(0), 1e-12);
        assertEquals(1.0, cos.at(9), 1e-12);
        assertEquals(1.0, cos.at(10), 1e-12);
        assertEquals(0.5, cos.at(55), 1e-12);
        LrSchedule lin = new LrSchedule(LrSchedule.Kind.LINEAR, 2.0, 0.0, 10);
        assertEquals(2.0, lin.at(0), 1e-12);
        assertEquals(1.0, lin.at(5), 1e-12);
    }

    @Test
    void adamWMatchesTheClosedFormFirstSteps() {
        NDManager m = manager.newSubManager();
        ai.djl.ndarray.NDArray p = m.create(new float[] {1f, -2f});
        p.setRequiresGradient(true);
        AdamW adam = new AdamW(List.of(new NamedParameter("p", p)), 0.9, 0.999, 1e-8, 0.1);
        try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            gc.backward(p.mul(m.create(new float[] {3f, 0.5f})).sum());
        }
        adam.step(0.01);
        // step 1: m_hat = g, v_hat = g^2 -> update = lr * sign(g); decay first: p * (1 - lr * wd)
        float[] v = p.toFloatArray();
        assertEquals(1f * (1 - 0.001f) - 0.01f, v[0], 1e-6f);
        assertEquals(-2f * (1 - 0.001f) - 0.01f, v[1], 1e-6f);
        assertEquals(0f, p.getGradient().toFloatArray()[0]);
        m.close();
    }
}
