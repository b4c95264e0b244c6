package io.lorasweep.cli;

import io.lorasweep.agent.io.SafetensorsDtype;
import io.lorasweep.agent.model.ModelFormatException;
import io.lorasweep.agent.peft.MergedExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", description = "Fold a PEFT adapter into its base model and write the merged model in the "
        + "Hugging Face layout (config.json, safetensors, the base's tokenizer files).")
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "The full-precision base model folder.")
    Path model;

    @Option(names = "--adapter", required = true, description = "PEFT adapter folder (a trial's artifact).")
    Path adapter;

    @Option(names = "--out", required = true, description = "Folder for the merged model.")
    Path out;

    @Option(names = "--dtype", defaultValue = "f32", description = "f32, f16 or bf16 (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--max-shard-mb", defaultValue = "4096",
            description = "Shard size in MB past which the weights are split (default: ${DEFAULT-VALUE}).")
    long maxShardMb;

    @Override
    public Integer call() {
        SafetensorsDtype type;
        try {
            type = SafetensorsDtype.valueOf(dtype.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null || type == SafetensorsDtype.F64) {
            System.err.println("--dtype must be f32, f16 or bf16, got " + dtype);
            return 2;
        }
        if (maxShardMb < 1) {
            System.err.println("--max-shard-mb must be at least 1, got " + maxShardMb);
            return 2;
        }
        for (Path dir : new Path[] {model, adapter}) {
            if (!Files.isDirectory(dir)) {
                System.err.println(dir + " is not a folder");
                return 2;
            }
        }
        try {
            MergedExport.write(model, adapter, out, type, maxShardMb * 1_000_000);
            System.out.println("merged " + adapter + " into " + model + ": " + out);
            return 0;
        } catch (IllegalArgumentException | ModelFormatException | java.io.UncheckedIOException e) {
            System.err.println("export: " + e.getMessage());
            return 1;
        }
    }
}
