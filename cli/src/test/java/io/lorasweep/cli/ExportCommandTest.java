package io.lorasweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.agent.eval.PerplexityReport;
import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.lora.LoraConfig;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaTensorLayout;
import io.lorasweep.agent.peft.PeftAdapter;
import io.lorasweep.agent.peft.PeftAdapterFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trained-looking adapter on the shipped model, merged and exported: the merged model scores text the same. */
class ExportCommandTest {

    static final Path MODEL = Path.of("..", "assets", "models", "tiny-llama");

    @TempDir
    Path dir;

    /** An adapter on q_proj and v_proj with random A and B (a fresh one, B = 0, would change nothing). */
    private Path adapter(boolean dora) {
        LlamaConfig config = LlamaConfig.read(MODEL.resolve("config.json"));
        LoraConfig lora = new LoraConfig(4, 8, 0, java.util.List.of("q_proj", "v_proj"), false, dora, 0);
        Random random = new Random(3);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            for (String p : lora.targetModules()) {
                long[] shape = LlamaTensorLayout.projectionShape(config, p);
                String key = "base_model.model." + LlamaTensorLayout.projectionModule(layer, p);
                tensors.put(key + ".lora_A.weight", random(new long[] {4, shape[1]}, random));
                tensors.put(key + ".lora_B.weight", random(new long[] {shape[0], 4}, random));
                if (dora) {
                    float[] m = new float[(int) shape[0]];
                    java.util.Arrays.fill(m, 1.0f);
                    tensors.put(key + ".lora_magnitude_vector", new HostTensor(new long[] {shape[0]}, m));
                }
            }
        }
        Path out = dir.resolve(dora ? "dora" : "lora");
        PeftAdapterFormat.write(out, new PeftAdapter(lora, tensors, "tiny-llama"));
        return out;
    }

    private static HostTensor random(long[] shape, Random random) {
        float[] v = new float[(int) (shape[0] * shape[1])];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * 0.05);
        }
        return new HostTensor(shape, v);
    }

    private static int run(String... args) {
        return Main.commandLine().execute(args);
    }

    @Test
    void theMergedModelScoresTextAsTheBaseWithItsAdapterDoes() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "Patient was started on metformin 500 mg twice daily for type 2 diabetes.\n");
        for (boolean dora : new boolean[] {false, true}) {
            Path adapter = adapter(dora);
            Path merged = dir.resolve("merged-" + dora);
            assertEquals(0, run("export", "--model", MODEL.toString(), "--adapter", adapter.toString(), "--out",
                    merged.toString()));
            assertTrue(Files.exists(merged.resolve("config.json")) && Files.exists(merged.resolve("tokenizer.json")));
            PerplexityReport withAdapter = PerplexityReport.compute(MODEL, adapter, text, null);
            PerplexityReport mergedReport = PerplexityReport.compute(merged, null, text, null);
            PerplexityReport base = PerplexityReport.compute(MODEL, null, text, null);
            assertEquals(withAdapter.tokens(), mergedReport.tokens());
            assertEquals(withAdapter.nll(), mergedReport.nll(), 1e-4 * withAdapter.nll(), "dora=" + dora);
            assertTrue(Math.abs(base.nll() - withAdapter.nll()) > 1e-2 * base.nll(),
                    "the adapter changes the model: " + base.nll() + " vs " + withAdapter.nll());
        }
    }

    @Test
    void badArgumentsAreRefusedByName() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            assertEquals(2, run("export", "--model", MODEL.toString(), "--adapter", MODEL.toString(), "--out",
                    dir.resolve("x").toString(), "--dtype", "int8"));
            assertTrue(captured.toString().contains("--dtype must be f32, f16 or bf16"), captured.toString());
            // a model folder is no adapter
            assertEquals(1, run("export", "--model", MODEL.toString(), "--adapter", MODEL.toString(), "--out",
                    dir.resolve("x").toString()));
            assertTrue(captured.toString().contains("adapter_config.json"), captured.toString());
            assertFalse(Files.exists(dir.resolve("x").resolve("model.safetensors")));
        } finally {
            System.setErr(err);
        }
    }

    /** The output folder is checked by its real path and must be new or empty; nothing is read before that. */
    @Test
    void anOutFolderThatIsTheBaseByAnotherNameOrHoldsFilesIsRefused() throws Exception {
        Path base = Files.createDirectories(dir.resolve("base"));
        Files.writeString(base.resolve("config.json"), "{}");
        Path link = Files.createSymbolicLink(dir.resolve("base-link"), base);
        Path stale = Files.createDirectories(dir.resolve("earlier-export"));
        Files.writeString(stale.resolve("model.safetensors.index.json"), "{}");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            assertEquals(1, run("export", "--model", base.toString(), "--adapter", base.toString(), "--out",
                    link.toString()));
            assertTrue(captured.toString().contains("must not overwrite its base"), captured.toString());
            assertEquals(1, run("export", "--model", base.toString(), "--adapter", base.toString(), "--out",
                    stale.toString()));
            assertTrue(captured.toString().contains("--out " + stale + " is not empty"), captured.toString());
        } finally {
            System.setErr(err);
        }
        assertEquals(List.of("config.json"), Files.list(base).map(p -> p.getFileName().toString()).toList());
    }
}
