package io.lorasweep.cli;

import io.lorasweep.assets.AssetBuilder;
import io.lorasweep.assets.PretrainingSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The shipped assets: the small base model, its tokenizer and the datasets, all generated from a seed. */
@Command(name = "assets", description = "Generate the shipped base model, tokenizer and datasets.",
        subcommands = {AssetsCommand.Build.class})
final class AssetsCommand {

    @Command(name = "build", description = "Generate the datasets and the corpus, train the BPE tokenizer, "
            + "pretrain the small Llama model in three phases (language, copying, extraction; about an hour on one "
            + "core of a 2-core CPU), and write them with a README under --out.")
    static final class Build implements Callable<Integer> {

        static final int DEFAULT_STEPS = 1800;
        static final int DEFAULT_COPYING_STEPS = 1500;
        static final int DEFAULT_EXTRACTION_STEPS = 750;

        @Option(names = "--out", defaultValue = "assets", paramLabel = "DIR",
                description = "Output folder (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--seed", defaultValue = "20240917", paramLabel = "N",
                description = "Seed of every generator and of the initial weights (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--steps", defaultValue = "" + DEFAULT_STEPS, paramLabel = "N",
                description = "Optimizer steps of the language phase (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--copying-steps", defaultValue = "" + DEFAULT_COPYING_STEPS, paramLabel = "N",
                description = "Planned optimizer steps of the copying phase (default: ${DEFAULT-VALUE}); it "
                        + "runs on, checked every 250 steps, up to twice as many until the model copies well.")
        int copyingSteps;

        @Option(names = "--extraction-steps", defaultValue = "" + DEFAULT_EXTRACTION_STEPS, paramLabel = "N",
                description = "Optimizer steps of the extraction phase (default: ${DEFAULT-VALUE}).")
        int extractionSteps;

        @Override
        public Integer call() {
            if (steps < 1 || copyingSteps < 1 || extractionSteps < 1) {
                System.err.println("--steps, --copying-steps and --extraction-steps must be at least 1, got " + steps
                        + ", " + copyingSteps + " and " + extractionSteps);
                return 2;
            }
            if (seed < 0) {
                System.err.println("--seed must be >= 0, got " + seed);
                return 2;
            }
            String command = "./lorasweep assets build --out " + out + " --seed " + seed + " --steps " + steps
                    + " --copying-steps " + copyingSteps + " --extraction-steps " + extractionSteps;
            AssetBuilder.Report report = new AssetBuilder(out, seed,
                    PretrainingSettings.shipped(seed, steps, copyingSteps, extractionSteps),
                    AssetBuilder.Sizes.shipped(), line -> System.err.println("assets: " + line)).build(command);
            System.out.printf(java.util.Locale.ROOT,
                    "{\"out\": \"%s\", \"vocab_size\": %d, \"parameters\": %d, \"steps\": %d, \"seconds\": %.1f, "
                            + "\"loss_first\": %.4f, \"loss_last\": %.4f, \"heldout_perplexity\": %.4f, "
                            + "\"total_bytes\": %d}%n",
                    out, report.vocabSize(), report.pretraining().parameters(), report.pretraining().steps().size(),
                    report.pretraining().seconds(),
                    report.pretraining().steps().get(0).loss(),
                    report.pretraining().steps().get(report.pretraining().steps().size() - 1).loss(),
                    report.heldOut().perplexity(), report.totalBytes());
            return 0;
        }
    }
}
