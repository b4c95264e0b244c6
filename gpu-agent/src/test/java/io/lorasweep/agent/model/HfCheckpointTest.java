package io.lorasweep.agent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.io.HalfFloats;
import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.io.SafetensorsDtype;
import io.lorasweep.agent.io.SafetensorsFormatException;
import io.lorasweep.agent.io.SafetensorsReader;
import io.lorasweep.agent.io.SafetensorsWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfCheckpointTest {

    @TempDir
    Path dir;

    static final LlamaConfig CONFIG = LlamaConfig.of(30, 16, 24, 2, 2, 1, 32, false);

    @Test
    void f32SingleFileRoundTripsExactly() {
        Map<String, HostTensor> weights = LlamaModel.randomTensors(CONFIG, 1, 0.3);
        HfCheckpointWriter.write(dir, CONFIG, weights);
        try (HfCheckpoint cp = HfCheckpoint.open(dir)) {
            assertEquals(CONFIG, cp.config());
            assertEquals(weights, cp.readAll());
        }
    }

    @Test
    void bf16AndF16CheckpointsLoadAsTheRoundedValues() {
        Map<String, HostTensor> weights = LlamaModel.randomTensors(CONFIG, 2, 0.3);
        for (SafetensorsDtype dtype : new SafetensorsDtype[] {SafetensorsDtype.BF16, SafetensorsDtype.F16}) {
            Path d = dir.resolve(dtype.name());
            HfCheckpointWriter.write(d, CONFIG, weights, dtype, Long.MAX_VALUE);
            try (HfCheckpoint cp = HfCheckpoint.open(d)) {
                HostTensor q = cp.tensor("model.layers.1.self_attn.q_proj.weight", new long[] {16, 16});
                float[] original = weights.get("model.layers.1.self_attn.q_proj.weight").values();
                for (int i = 0; i < original.length; i++) {
                    float expected = dtype == SafetensorsDtype.BF16
                            ? HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(original[i]))
                            : HalfFloats.halfToFloat(HalfFloats.floatToHalf(original[i]));
                    assertEquals(expected, q.values()[i], 0f);
                    assertEquals(original[i], q.values()[i], Math.abs(original[i]) / 100);
                }
            }
            // and the engine only ever sees f32: a bf16 checkpoint runs a forward pass
            try (NDManager m = DjlTestSupport.engine().newBaseManager(); LlamaModel model = LlamaModel.load(d, m);
                    NDScope scope = new NDScope()) {
                NDArray logits = model.forward(m.create(new long[] {1, 2, 3}, new Shape(1, 3)), null, null);
                assertEquals(new Shape(1, 3, 30), logits.getShape());
            }
        }
    }

    @Test
    void halfConversionsRoundToNearestEven() {
        assertEquals((short) 0x3c00, HalfFloats.floatToHalf(1f));
        assertEquals((short) 0x7bff, HalfFloats.floatToHalf(65504f));
        assertEquals((short) 0x7c00, HalfFloats.floatToHalf(65520f));
        assertEquals((short) 0x0001, HalfFloats.floatToHalf(0x1p-24f));
        assertEquals(1f + 0x1p-10f, HalfFloats.halfToFloat(HalfFloats.floatToHalf(1f + 0x1p-10f + 0x1p-12f)));
        assertEquals(1f, HalfFloats.halfToFloat(HalfFloats.floatToHalf(1f + 0x1p-11f))); // tie goes to even
        assertEquals(-2.5f, HalfFloats.halfToFloat(HalfFloats.floatToHalf(-2.5f)));
        assertEquals((short) 0x3f80, HalfFloats.floatToBf16(1f));
        assertEquals(1f, HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(1f + 0x1p-8f))); // tie to even
        assertTrue(Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.NaN))));
    }

    @Test
    void shardedCheckpointsLoadThroughTheIndex() throws Exception {
        Map<String, HostTensor> weights = LlamaModel.randomTensors(CONFIG, 3, 0.3);
        HfCheckpointWriter.write(dir, CONFIG, weights, SafetensorsDtype.F32, 4000);
        assertTrue(Files.exists(dir.resolve(HfCheckpoint.INDEX)));
        long shards;
        try (var files = Files.list(dir)) {
            shards = files.filter(p -> p.getFileName().toString().startsWith("model-")).count();
        }
        assertTrue(shards > 2, "expected several shards, got " + shards);
        try (HfCheckpoint cp = HfCheckpoint.open(dir)) {
            assertEquals(weights, cp.readAll());
        }
    }

    @Test
    void aMissingTensorIsNamed() {
        Map<String, HostTensor> weights = LlamaModel.randomTensors(CONFIG, 4, 0.3);
        weights.remove("model.layers.1.mlp.down_proj.weight");
        HfCheckpointWriter.write(dir, CONFIG, weights);
        try (HfCheckpoint cp = HfCheckpoint.open(dir)) {
            ModelFormatException e = assertThrows(ModelFormatException.class, cp::readAll);
            assertTrue(e.getMessage().contains("no tensor 'model.layers.1.mlp.down_proj.weight'"), e.getMessage());
        }
    }

    @Test
    void aShapeThatDisagreesWithTheConfigIsNamed() {
        Map<String, HostTensor> weights = LlamaModel.randomTensors(CONFIG, 5, 0.3);
        weights.put("model.layers.0.self_attn.k_proj.weight", new HostTensor(new long[] {16, 16}, new float[256]));
        HfCheckpointWriter.write(dir, CONFIG, weights);
        try (HfCheckpoint cp = HfCheckpoint.open(dir)) {
            ModelFormatException e = assertThrows(ModelFormatException.class, cp::readAll);
            assertTrue(e.getMessage().contains("k_proj.weight' in model.safetensors has shape [16, 16] but config.json"
                    + " implies [8, 16]"), e.getMessage());
        }
    }

    @Test
    void otherArchitecturesAreRefused() throws Exception {
        HfCheckpointWriter.write(dir, CONFIG, LlamaModel.randomTensors(CONFIG, 6, 0.3));
        String json = Files.readString(dir.resolve("config.json")).replace("\"llama\"", "\"mistral\"")
                .replace("LlamaForCausalLM", "MistralForCausalLM");
        Files.writeString(dir.resolve("config.json"), json);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> HfCheckpoint.open(dir));
        assertTrue(e.getMessage().contains("unsupported architecture: model_type 'mistral'"), e.getMessage());
    }

    @Test
    void corruptHeadersGiveClearErrors() throws Exception {
        Path file = dir.resolve("t.safetensors");
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put("a", new HostTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        SafetensorsWriter.write(file, t);
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, r.read("a").values());
            assertEquals("pt", r.metadata().get("format"));
        }
        byte[] good = Files.readAllBytes(file);

        byte[] hugeLength = good.clone();
        ByteBuffer.wrap(hugeLength).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertCorrupt(file, hugeLength, "header length field says");

        byte[] badJson = good.clone();
        badJson[8] = 'x';
        assertCorrupt(file, badJson, "header is not valid JSON");

        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}";
        assertCorrupt(file, build(header, 24), "needs 24 bytes but data_offsets span 20");
        header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}";
        assertCorrupt(file, build(header, 16), "outside the data section");
        header = "{\"a\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[0,24]}}";
        assertCorrupt(file, build(header, 24), "has dtype I64");
        assertCorrupt(file, new byte[] {1, 2, 3}, "fewer than the 8-byte header length");
    }

    private static byte[] build(String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        return b.array();
    }

    private static void assertCorrupt(Path file, byte[] bytes, String expected) throws Exception {
        Files.write(file, bytes);
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class,
                () -> SafetensorsReader.open(file).close());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
