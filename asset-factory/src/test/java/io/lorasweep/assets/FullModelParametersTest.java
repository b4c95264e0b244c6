package io.lorasweep.assets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.data.TokenizedExample;
import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.model.Engines;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.model.LlamaTensorLayout;
import io.lorasweep.agent.model.NamedParameter;
import io.lorasweep.agent.train.LrSchedule;
import io.lorasweep.agent.train.Trainer;
import io.lorasweep.agent.train.TrainingConfig;
import io.lorasweep.agent.train.TrainingListener;
import io.lorasweep.agent.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FullModelParametersTest {

    @Test
    void everyWeightTrainsAndComesBackUnderItsCheckpointName() {
        Engines.pytorch();
        LlamaConfig config = LlamaConfig.of(300, 32, 64, 2, 4, 2, 32, true).withSpecialTokens(1, List.of(2));
        Map<String, HostTensor> initial = LlamaModel.randomTensors(config, 3, 0.02);
        Random random = new Random(7);
        List<int[]> docs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int[] d = new int[6 + random.nextInt(10)];
            for (int k = 0; k < d.length; k++) {
                d[k] = 3 + (k * 7 + i % 5) % 20;
            }
            docs.add(d);
        }
        List<TokenizedExample> train = PackedSequences.pack(docs, 1, 2, 32);
        try (NDManager manager = NDManager.newBaseManager();
                LlamaModel model = LlamaModel.fromTensors(config, initial, manager)) {
            List<NamedParameter> params = FullModelParameters.trainable(model);
            assertEquals(LlamaTensorLayout.expectedShapes(config).keySet(),
                    new java.util.HashSet<>(params.stream().map(NamedParameter::name).toList()));
            TrainingConfig tc = new TrainingConfig(5e-3, 0, 0.9, 0.95, 1e-8, LrSchedule.Kind.CONSTANT, 0, 1, 40, 4, 1,
                    1.0, 33, 0, 0, 1);
            TrainingResult r = new Trainer(model, params, tc, t -> { }).train(train, null, TrainingListener.NONE,
                    null);
            assertEquals(TrainingResult.Status.COMPLETED, r.status());
            assertTrue(r.history().get(39).loss() < r.history().get(0).loss() - 1.0,
                    "loss " + r.history().get(0).loss() + " -> " + r.history().get(39).loss());
            Map<String, HostTensor> after = FullModelParameters.tensors(model);
            assertEquals(List.copyOf(LlamaTensorLayout.expectedShapes(config).keySet()), List.copyOf(after.keySet()));
            for (String name : after.keySet()) {
                assertArrayEquals(initial.get(name).shape(), after.get(name).shape());
                assertTrue(!java.util.Arrays.equals(initial.get(name).values(), after.get(name).values()),
                        name + " did not change");
            }
        }
    }
}
