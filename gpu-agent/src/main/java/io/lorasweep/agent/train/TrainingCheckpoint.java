package io.lorasweep.agent.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.io.SafetensorsReader;
import io.lorasweep.agent.io.SafetensorsWriter;
import io.lorasweep.agent.model.NamedParameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state a run resumes from: trainable parameters (the f32 masters), optimizer moments, the step reached and the
 * loss scale with its growth tracker (as GradScaler's state travels with a checkpoint). Written to a temporary
 * folder and renamed, so an interrupted save leaves the previous checkpoint intact.
 */
public final class TrainingCheckpoint {

    static final String PARAMS = "trainable.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String STATE = "trainer_state.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingCheckpoint() {
    }

    public static void save(Path dir, Iterable<NamedParameter> params, AdamW optimizer, int step,
            LossScale lossScale) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (NamedParameter p : params) {
            tensors.put(p.name(), new HostTensor(p.array().getShape().getShape(), p.array().toFloatArray()));
        }
        Path tmp = dir.resolveSibling(dir.getFileName() + ".partial");
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            SafetensorsWriter.write(tmp.resolve(PARAMS), tensors);
            SafetensorsWriter.write(tmp.resolve(OPTIMIZER), optimizer.state());
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("step", step);
            state.put("loss_scale", lossScale.scale());
            state.put("loss_scale_good_steps", lossScale.goodSteps());
            Files.writeString(tmp.resolve(STATE), JSON.writeValueAsString(state) + "\n");
            deleteTree(dir);
            Files.move(tmp, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint " + dir, e);
        }
    }

    /** Restores parameters, optimizer and loss scale in place; returns the step to continue from. */
    public static int load(Path dir, Iterable<NamedParameter> params, AdamW optimizer, LossScale lossScale) {
        if (!Files.exists(dir.resolve(STATE))) {
            throw new IllegalArgumentException("no training checkpoint in " + dir);
        }
        try (SafetensorsReader reader = SafetensorsReader.open(dir.resolve(PARAMS))) {
            for (NamedParameter p : params) {
                if (!reader.contains(p.name())) {
                    throw new IllegalArgumentException("checkpoint " + dir + " has no parameter " + p.name());
                }
                HostTensor t = reader.read(p.name());
                if (!Arrays.equals(t.shape(), p.array().getShape().getShape())) {
                    throw new IllegalArgumentException("checkpoint parameter " + p.name() + " has shape "
                            + Arrays.toString(t.shape()) + ", the model needs " + p.array().getShape());
                }
                p.array().set(FloatBuffer.wrap(t.values()));
                p.syncCompute();
            }
        }
        Map<String, HostTensor> state = new LinkedHashMap<>();
        try (SafetensorsReader reader = SafetensorsReader.open(dir.resolve(OPTIMIZER))) {
            reader.names().forEach(n -> state.put(n, reader.read(n)));
        }
        optimizer.loadState(state);
        JsonNode trainer;
        try {
            trainer = JSON.readTree(dir.resolve(STATE).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(STATE), e);
        }
        if (trainer == null || !trainer.path("step").canConvertToInt() || trainer.path("step").asInt() < 0) {
            throw new IllegalArgumentException(dir.resolve(STATE) + " has no step count");
        }
        // a checkpoint from before loss scaling was saved has none: the run starts its scale afresh
        if (trainer.has("loss_scale")) {
            lossScale.restore(trainer.path("loss_scale").asDouble(), trainer.path("loss_scale_good_steps").asInt());
        }
        return trainer.path("step").asInt();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
