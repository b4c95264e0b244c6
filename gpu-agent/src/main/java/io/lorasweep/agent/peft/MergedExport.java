package io.lorasweep.agent.peft;

import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.io.SafetensorsDtype;
import io.lorasweep.agent.lora.AdapterMerger;
import io.lorasweep.agent.model.HfCheckpoint;
import io.lorasweep.agent.model.HfCheckpointWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * A PEFT adapter folded into its base model and written as a plain model in the Hugging Face layout, for serving
 * without an adapter (vLLM, llama.cpp's converters). The merge is against the full-precision checkpoint on disk,
 * whatever precision the adapter was trained over (see {@link AdapterMerger}).
 */
public final class MergedExport {

    /** The tokenizer's files, copied as they are so the merged model tokenises exactly like its base. */
    static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "generation_config.json");

    private MergedExport() {
    }

    /**
     * The output folder is new or empty, and not the base model's folder by any name (symlinks resolved): files of an
     * earlier export (a shard index, say) left beside a new one would make the folder a different model.
     */
    private static void checkOut(Path modelDir, Path outDir) {
        if (!Files.exists(outDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            if (Files.exists(modelDir) && Files.isSameFile(outDir, modelDir)) {
                throw new IllegalArgumentException("the merged model must not overwrite its base: " + outDir
                        + " is " + modelDir.toRealPath());
            }
            if (!Files.isDirectory(outDir)) {
                throw new IllegalArgumentException("--out " + outDir + " exists and is not a folder");
            }
            try (java.util.stream.Stream<Path> entries = Files.list(outDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--out " + outDir + " is not empty: write the merged model to "
                            + "a new or empty folder, so that no file of an earlier export stays beside it");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check --out " + outDir, e);
        }
    }

    /**
     * @param dtype        how the merged weights are stored (F32, F16 or BF16)
     * @param maxShardBytes shard size, past which the weights are split with a {@code model.safetensors.index.json}
     */
    public static void write(Path modelDir, Path adapterDir, Path outDir, SafetensorsDtype dtype, long maxShardBytes) {
        checkOut(modelDir, outDir);
        PeftAdapter adapter = PeftAdapterFormat.read(adapterDir);
        try (HfCheckpoint base = HfCheckpoint.open(modelDir)) {
            Map<String, HostTensor> merged = AdapterMerger.merge(base.config(), base.readAll(), adapter.config(),
                    adapter.tensors());
            HfCheckpointWriter.write(outDir, base.config(), merged, dtype, maxShardBytes);
        }
        for (String name : TOKENIZER_FILES) {
            Path from = modelDir.resolve(name);
            if (Files.isRegularFile(from)) {
                try {
                    Files.copy(from, outDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot copy " + from + " to " + outDir, e);
                }
            }
        }
    }
}
