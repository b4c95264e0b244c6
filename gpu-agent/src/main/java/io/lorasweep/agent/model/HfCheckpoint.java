package io.lorasweep.agent.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.io.SafetensorsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model folder in the Hugging Face layout: {@code config.json} plus either {@code model.safetensors} or the shards
 * named by {@code model.safetensors.index.json}. Tensors are read one at a time (each memory-mapped) and checked
 * against the shapes the config implies.
 */
public final class HfCheckpoint implements AutoCloseable {

    public static final String CONFIG = "config.json";
    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final LlamaConfig config;
    private final Map<String, SafetensorsReader> readers;
    /** tensor name to the reader of the file holding it */
    private final Map<String, SafetensorsReader> byTensor;

    private HfCheckpoint(Path dir, LlamaConfig config, Map<String, SafetensorsReader> readers,
            Map<String, SafetensorsReader> byTensor) {
        this.dir = dir;
        this.config = config;
        this.readers = readers;
        this.byTensor = byTensor;
    }

    public static HfCheckpoint open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelFormatException("model folder " + dir + " does not exist or is not a folder");
        }
        LlamaConfig config = LlamaConfig.read(dir.resolve(CONFIG));
        Map<String, SafetensorsReader> readers = new LinkedHashMap<>();
        Map<String, SafetensorsReader> byTensor = new LinkedHashMap<>();
        try {
            if (Files.exists(dir.resolve(INDEX))) {
                JsonNode weightMap;
                try {
                    weightMap = JSON.readTree(Files.readString(dir.resolve(INDEX))).path("weight_map");
                } catch (IOException e) {
                    throw new ModelFormatException(dir.resolve(INDEX) + " is not valid JSON: " + e.getMessage());
                }
                if (!weightMap.isObject() || weightMap.size() == 0) {
                    throw new ModelFormatException(dir.resolve(INDEX) + " has no weight_map object");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String shard = e.getValue().asText();
                    Path shardPath = dir.resolve(shard).normalize();
                    if (!shardPath.startsWith(dir.normalize()) || shard.isEmpty()) {
                        throw new ModelFormatException(dir.resolve(INDEX) + " names a shard outside the folder: "
                                + shard);
                    }
                    if (!Files.exists(shardPath)) {
                        throw new ModelFormatException(dir.resolve(INDEX) + " names shard " + shard
                                + " (for " + e.getKey() + ") which does not exist");
                    }
                    SafetensorsReader reader = readers.computeIfAbsent(shard, s -> SafetensorsReader.open(shardPath));
                    if (!reader.contains(e.getKey())) {
                        throw new ModelFormatException("shard " + shard + " lacks tensor " + e.getKey()
                                + " that " + INDEX + " places there");
                    }
                    byTensor.put(e.getKey(), reader);
                }
            } else if (Files.exists(dir.resolve(SINGLE))) {
                SafetensorsReader reader = SafetensorsReader.open(dir.resolve(SINGLE));
                readers.put(SINGLE, reader);
                reader.names().forEach(n -> byTensor.put(n, reader));
            } else {
                throw new ModelFormatException("model folder " + dir + " has neither " + SINGLE + " nor " + INDEX);
            }
        } catch (RuntimeException e) {
            readers.values().forEach(SafetensorsReader::close);
            throw e;
        }
        return new HfCheckpoint(dir, config, readers, byTensor);
    }

    public Path dir() {
        return dir;
    }

    public LlamaConfig config() {
        return config;
    }

    public boolean has(String name) {
        return byTensor.containsKey(name);
    }

    /** The tensor, which must exist and have the given shape (the one config.json implies). */
    public HostTensor tensor(String name, long[] expectedShape) {
        SafetensorsReader reader = byTensor.get(name);
        if (reader == null) {
            throw new ModelFormatException("model folder " + dir + " has no tensor '" + name + "' (config.json: "
                    + config.numHiddenLayers() + " layers, tie_word_embeddings=" + config.tieWordEmbeddings() + ")");
        }
        long[] actual = reader.info(name).shape();
        if (!Arrays.equals(actual, expectedShape)) {
            throw new ModelFormatException("tensor '" + name + "' in " + reader.file().getFileName() + " has shape "
                    + Arrays.toString(actual) + " but config.json implies " + Arrays.toString(expectedShape));
        }
        return reader.read(name);
    }

    /** Every tensor of the model, checked against the config; lm_head is skipped when embeddings are tied. */
    public Map<String, HostTensor> readAll() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        LlamaTensorLayout.expectedShapes(config).forEach((name, shape) -> out.put(name, tensor(name, shape)));
        return out;
    }

    @Override
    public void close() {
        readers.values().forEach(SafetensorsReader::close);
    }
}
