package io.lorasweep.cli;

import io.lorasweep.agent.eval.PerplexityReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "perplexity", description = "Print {\"tokens\", \"nll\", \"perplexity\"} of a text file under a model "
        + "folder in the Hugging Face layout (and optionally a PEFT adapter), with a strided window when the text "
        + "is longer than the model's context.")
final class EvalPerplexityCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Model folder: config.json, model.safetensors "
            + "(or sharded index), tokenizer.json.")
    Path model;

    @Option(names = "--adapter", description = "PEFT adapter folder (adapter_config.json, adapter_model.safetensors).")
    Path adapter;

    @Option(names = "--text-file", required = true, description = "UTF-8 text to score.")
    Path textFile;

    @Option(names = "--stride", description = "Tokens the window advances by (default: half the context).")
    Integer stride;

    @Override
    public Integer call() {
        if (!Files.isDirectory(model)) {
            System.err.println("--model: " + model + " is not a folder");
            return 2;
        }
        if (adapter != null && !Files.isDirectory(adapter)) {
            System.err.println("--adapter: " + adapter + " is not a folder");
            return 2;
        }
        if (!Files.isRegularFile(textFile)) {
            System.err.println("--text-file: " + textFile + " is not a readable file");
            return 2;
        }
        if (stride != null && stride < 1) {
            System.err.println("--stride must be at least 1, got " + stride);
            return 2;
        }
        try {
            System.out.println(PerplexityReport.compute(model, adapter, textFile, stride).toJson());
            return 0;
        } catch (RuntimeException e) {
            System.err.println("eval perplexity: " + e.getMessage());
            return 1;
        }
    }
}
