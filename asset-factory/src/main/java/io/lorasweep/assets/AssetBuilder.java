package io.lorasweep.assets;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.data.TokenizedExample;
import io.lorasweep.agent.eval.DjlLanguageModel;
import io.lorasweep.agent.eval.PerplexityReport;
import io.lorasweep.agent.model.ComputeDevice;
import io.lorasweep.agent.model.HfTokenizer;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.train.LrSchedule;
import io.lorasweep.eval.metrics.seqeval.SeqevalLabelMetric;
import io.lorasweep.eval.tasks.MultipleChoiceTask;
import io.lorasweep.eval.tasks.NerTask;
import io.lorasweep.eval.tasks.TaskResult;
import io.lorasweep.eval.tasks.RunSettings;
import io.lorasweep.eval.tasks.ner.NerExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds every shipped asset from one seed: the datasets, the pretraining corpus, the BPE tokenizer trained on it,
 * and the base model pretrained on it; then scores the model on the held-out text and the multiple-choice test and
 * writes {@code README.md} and the loss curve. Layout under the output folder:
 *
 * <pre>
 * models/tiny-llama/   config.json model.safetensors tokenizer.json tokenizer_config.json generation_config.json
 * data/ner/            train.jsonl validation.jsonl test.jsonl train_instructions.jsonl test_instructions.jsonl
 * data/summarization/  train.jsonl test.jsonl train_instructions.jsonl test_instructions.jsonl
 * data/mmlu/           dev/{subject}_dev.csv test/{subject}_test.csv
 * data/perplexity/     heldout.txt
 * pretraining_loss.csv README.md
 * </pre>
 */
public final class AssetBuilder {

    /** Sizes of the generated sets; {@link #shipped()} is what {@code assets build} writes. */
    public record Sizes(int nerTrain, int nerValidation, int nerTest, int summaryTrain, int summaryTest,
            int mmluTestPerSubject, int corpusNotes, int corpusFactDocuments, int corpusExtractionDocuments,
            int copyPages, int symbolRepeats, int veterinaryPages, int clinicalPages, int heldOutNotes,
            int heldOutParagraphs) {

        public static Sizes shipped() {
            return new Sizes(2400, 100, 400, 1000, 200, 60, 6000, 4000, 12000, 30000, 15000, 8000, 8000, 120, 60);
        }
    }

    /** What a build reports. */
    public record Report(int vocabSize, Pretraining.Result pretraining, PerplexityReport heldOut, Double mmluAccuracy,
            CopyProbe.Result copying, TaskResult fiveShotNer, long totalBytes) {
    }

    public static final String MODEL = "models/tiny-llama";
    /** Windows of the copying phase: short, so that a batch holds many pages (as many tokens as two full ones). */
    private static final int COPYING_WINDOW = 256;
    private static final int COPYING_BATCH = 8;
    /** Copy ratios of the experiments that learnt to copy: 0.09-0.34; of the full build that did not: 0.76. */
    private static final double MAX_COPY_RATIO = 0.5;
    /**
     * Where the copying phase stops: a model that has only just crossed {@link #MAX_COPY_RATIO} copies weakly (a
     * build that stopped at 0.47 had 5-shot F1 0.09; the experiment at 0.18 had 0.21), so it runs on to this.
     */
    private static final double COPYING_TARGET_RATIO = 0.25;
    /** Past its planned steps, the copying phase runs on in chunks this long until the model copies well. */
    private static final int COPYING_CHECK_EVERY = 250;

    private final Path out;
    private final long seed;
    private final PretrainingSettings settings;
    private final Sizes sizes;
    private final Consumer<String> log;

    public AssetBuilder(Path out, long seed, PretrainingSettings settings, Sizes sizes, Consumer<String> log) {
        this.out = out;
        this.seed = seed;
        this.settings = settings;
        this.sizes = sizes;
        this.log = log;
    }

    public Report build(String commandLine) {
        long started = System.nanoTime();
        Path data = out.resolve("data");
        Set<String> heldOutTexts = new HashSet<>();

        // NER: 40% of the notes of every split are made to contain a held-out lexicon entry, one the pretraining
        // corpus never holds: the base model can only copy those from the note; fine-tuning data teaches them, as a
        // team's own annotated notes cover the words of its task
        List<NerExample> nerTrain = new ArrayList<>();
        List<NerExample> nerTest = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ClinicalNoteGenerator trainNotes = new ClinicalNoteGenerator(new Random(seed * 101 + 1), true, 0.4);
        while (nerTrain.size() < sizes.nerTrain()) {
            ClinicalNote n = trainNotes.next();
            if (seen.add(n.text())) {
                nerTrain.add(DatasetWriter.nerExample(String.format("ner-train-%05d", nerTrain.size() + 1), n));
            }
        }
        ClinicalNoteGenerator testNotes = new ClinicalNoteGenerator(new Random(seed * 101 + 2), true, 0.4);
        while (nerTest.size() < sizes.nerTest()) {
            ClinicalNote n = testNotes.next();
            if (seen.add(n.text())) {
                nerTest.add(DatasetWriter.nerExample(String.format("ner-test-%05d", nerTest.size() + 1), n));
                heldOutTexts.add(n.text());
            }
        }
        // a validation split for the trainer's eval loss, so that choosing a step or a trial never reads the test
        List<NerExample> nerValidation = new ArrayList<>();
        ClinicalNoteGenerator validationNotes = new ClinicalNoteGenerator(new Random(seed * 101 + 6), true, 0.4);
        while (nerValidation.size() < sizes.nerValidation()) {
            ClinicalNote n = validationNotes.next();
            if (seen.add(n.text())) {
                nerValidation.add(DatasetWriter.nerExample(String.format("ner-validation-%05d",
                        nerValidation.size() + 1), n));
                heldOutTexts.add(n.text());
            }
        }
        DatasetWriter.writeNer(data.resolve("ner/train.jsonl"), nerTrain);
        DatasetWriter.writeNer(data.resolve("ner/validation.jsonl"), nerValidation);
        DatasetWriter.writeNer(data.resolve("ner/test.jsonl"), nerTest);
        DatasetWriter.writeNerInstructions(data.resolve("ner/train_instructions.jsonl"), nerTrain);
        DatasetWriter.writeNerInstructions(data.resolve("ner/test_instructions.jsonl"), nerTest);

        // summarisation: its own notes, test notes distinct from training notes
        List<ClinicalNote> sumTrain = new ArrayList<>();
        List<ClinicalNote> sumTest = new ArrayList<>();
        ClinicalNoteGenerator sumNotes = new ClinicalNoteGenerator(new Random(seed * 101 + 3), false, 0);
        Set<String> sumSeen = new HashSet<>();
        while (sumTrain.size() < sizes.summaryTrain()) {
            ClinicalNote n = sumNotes.next();
            if (sumSeen.add(n.text())) {
                sumTrain.add(n);
            }
        }
        ClinicalNoteGenerator sumTestNotes = new ClinicalNoteGenerator(new Random(seed * 101 + 4), true, 0.3);
        while (sumTest.size() < sizes.summaryTest()) {
            ClinicalNote n = sumTestNotes.next();
            if (sumSeen.add(n.text())) {
                sumTest.add(n);
                heldOutTexts.add(n.text());
            }
        }
        DatasetWriter.writeSummaries(data.resolve("summarization/train.jsonl"), ids("sum-train", sumTrain.size()),
                sumTrain);
        DatasetWriter.writeSummaries(data.resolve("summarization/test.jsonl"), ids("sum-test", sumTest.size()),
                sumTest);
        DatasetWriter.writeSummaryInstructions(data.resolve("summarization/train_instructions.jsonl"), sumTrain);
        DatasetWriter.writeSummaryInstructions(data.resolve("summarization/test_instructions.jsonl"), sumTest);

        // multiple choice: 5 dev questions per subject, the rest (up to the cap) test
        Random mc = new Random(seed * 101 + 5);
        for (String subject : MedicalFacts.SUBJECTS) {
            List<MultipleChoiceQuestion> all = QuestionBank.exam(subject, mc);
            java.util.Collections.shuffle(all, mc);
            if (all.size() < 45) {
                throw new IllegalStateException(subject + " has only " + all.size() + " questions, needs 45");
            }
            DatasetWriter.writeMmlu(data.resolve("mmlu/dev/" + subject + "_dev.csv"), all.subList(0, 5));
            DatasetWriter.writeMmlu(data.resolve("mmlu/test/" + subject + "_test.csv"),
                    all.subList(5, Math.min(all.size(), 5 + sizes.mmluTestPerSubject())));
        }

        // corpus and held-out text
        CorpusGenerator corpus = new CorpusGenerator(seed);
        String heldOut = corpus.heldOutText(sizes.heldOutNotes(), sizes.heldOutParagraphs(), Set.of());
        for (String p : heldOut.split("\n\n")) {
            heldOutTexts.add(p.strip());
        }
        Path heldOutFile = data.resolve("perplexity/heldout.txt");
        DatasetWriter.write(heldOutFile, heldOut);
        List<String> docs = corpus.pretrainingDocuments(sizes.corpusNotes(), sizes.corpusFactDocuments(),
                sizes.corpusExtractionDocuments(), heldOutTexts);
        checkNoHeldOutSurface(docs);
        log.accept("datasets written; corpus of " + docs.size() + " documents, "
                + docs.stream().mapToLong(String::length).sum() + " characters");

        // tokenizer
        Path modelDir = out.resolve(MODEL);
        ByteLevelBpe bpe = new BpeTrainer(settings.vocabSize(), 2, TokenizerJson.SPECIALS).train(docs);
        TokenizerJson.write(modelDir, bpe, settings.context());
        int bos = bpe.id(TokenizerJson.BOS);
        int eos = bpe.id(TokenizerJson.EOS);
        log.accept("tokenizer: " + bpe.size() + " tokens, " + bpe.merges().size() + " merges");
        List<int[]> encoded = new ArrayList<>();
        try (HfTokenizer hf = HfTokenizer.load(modelDir, eos)) {
            for (String doc : docs) {
                int[] ids = hf.encode(doc);
                encoded.add(ids);
            }
            // the shipped tokenizer.json must reproduce the project's own encoder
            List<String> check = new ArrayList<>(docs.subList(0, Math.min(500, docs.size())));
            nerTest.forEach(e -> check.add(e.text()));
            check.add(heldOut);
            for (String text : check) {
                if (!java.util.Arrays.equals(bpe.encode(text), hf.encode(text))) {
                    throw new IllegalStateException("tokenizer.json and the project's encoder disagree on: " + text);
                }
            }
        }
        List<int[]> heldOutDocs = new ArrayList<>();
        for (String p : heldOut.split("\n\n")) {
            heldOutDocs.add(bpe.encode(p.strip()));
        }
        List<TokenizedExample> eval = PackedSequences.pack(heldOutDocs, bos, eos, settings.context());
        List<Pretraining.Phase> phases = phases(encoded, heldOutTexts, bpe, bos, eos);
        LlamaConfig config = Pretraining.config(settings, bpe.size(), bos, eos);
        Pretraining.Result result = Pretraining.run(config, seed, phases, eval, modelDir, log, (phase, model) -> {
            if (phase.name().equals("copying")) {
                checkCopying(CopyProbe.measure(model, bpe::encode, bos, 20, 12, seed));
            }
        });
        DatasetWriter.write(modelDir.resolve("generation_config.json"), "{\n  \"bos_token_id\": " + bos
                + ",\n  \"eos_token_id\": " + eos + ",\n  \"pad_token_id\": " + bpe.id(TokenizerJson.PAD)
                + ",\n  \"do_sample\": false,\n  \"max_new_tokens\": 128\n}\n");
        StringBuilder curve = new StringBuilder("step,loss,learning_rate,grad_norm,tokens_per_second\n");
        result.steps().forEach(m -> curve.append(String.format(java.util.Locale.ROOT, "%d,%.5f,%.6g,%.4f,%.0f%n",
                m.step(), m.loss(), m.learningRate(), m.gradNorm(), m.tokensPerSecond())));
        DatasetWriter.write(out.resolve("pretraining_loss.csv"), curve.toString());

        PerplexityReport ppl = PerplexityReport.compute(modelDir, null, heldOutFile, null);
        log.accept("held-out perplexity " + ppl.toJson());
        Double mmlu = mmluAccuracy(modelDir, data.resolve("mmlu"), eos);
        long bytes = folderBytes(out);
        CopyProbe.Result copying = copying(modelDir, bos, eos);
        TaskResult ner = fiveShotNer(modelDir, data.resolve("ner"), eos);
        AssetReadme.write(out, new AssetReadme.Facts(commandLine, seed, settings, sizes, bpe.size(), result, ppl,
                mmlu, copying, ner, nerTrain, nerTest, (System.nanoTime() - started) / 1e9));
        return new Report(bpe.size(), result, ppl, mmlu, copying, ner, folderBytes(out));
    }

    /**
     * The three phases of pretraining. Language: the corpus alone, cosine decay; the model learns the words, facts
     * and formats, and a previous-token head, but it does not copy from its context. Copying: the corpus again with
     * pages that can only be predicted by reading back (about a quarter of the tokens) on short windows, at a
     * constant rate; this is where induction heads form, in a phase change of the loss. Extraction: full windows
     * with extraction pages added, veterinary ones whose types share the task's names and clinical ones whose
     * types have coined names: an annealing mix, as large models end pretraining on data closer to what they will
     * be asked. Neither kind alone gave the 5-shot prompt more than 0.05 F1 in trials of this recipe (BENCHMARKS.md).
     */
    private List<Pretraining.Phase> phases(List<int[]> corpus, Set<String> heldOutTexts, ByteLevelBpe bpe, int bos,
            int eos) {
        CorpusGenerator generator = new CorpusGenerator(seed);
        List<String> copyPages = generator.copyPages(sizes.copyPages());
        List<String> veterinaryPages = generator.veterinaryPages(sizes.veterinaryPages());
        List<String> clinicalPages = generator.clinicalExtractionPages(sizes.clinicalPages(), heldOutTexts);
        checkNoHeldOutSurface(copyPages);
        checkNoHeldOutSurface(veterinaryPages);
        checkNoHeldOutSurface(clinicalPages);
        List<int[]> copying = new ArrayList<>(corpus);
        copyPages.forEach(p -> copying.add(bpe.encode(p)));
        // ids of the first merges: tokens the corpus holds often, so only their order is new
        copying.addAll(CopyCorpus.symbolRepeats(sizes.symbolRepeats(), TokenizerJson.SPECIALS.size() + 256, 64,
                new Random(seed * 31 + 7)));
        java.util.Collections.shuffle(copying, new Random(seed * 31 + 8));
        List<int[]> extraction = new ArrayList<>(copying);
        veterinaryPages.forEach(p -> extraction.add(bpe.encode(p)));
        clinicalPages.forEach(p -> extraction.add(bpe.encode(p)));
        java.util.Collections.shuffle(extraction, new Random(seed * 31 + 9));
        double lr = settings.learningRate();
        int context = settings.context();
        String copyingReads = "the corpus, " + copyPages.size() + " copy pages and " + sizes.symbolRepeats()
                + " repeated runs of token ids";
        String extractionReads = "the copying mix, " + veterinaryPages.size() + " veterinary extraction pages and "
                + clinicalPages.size() + " clinical ones with coined labels";
        return List.of(
                new Pretraining.Phase("language", "the corpus", PackedSequences.pack(corpus, bos, eos, context),
                        settings.steps(), settings.batchSize(), context, lr, LrSchedule.Kind.COSINE),
                new Pretraining.Phase("copying", copyingReads, PackedSequences.pack(copying, bos, eos,
                        COPYING_WINDOW), settings.copyingSteps(), COPYING_BATCH, COPYING_WINDOW, lr,
                        LrSchedule.Kind.CONSTANT, new Pretraining.Extension(COPYING_CHECK_EVERY,
                                2 * settings.copyingSteps(), model -> copies(model, bpe, bos))),
                new Pretraining.Phase("extraction", extractionReads, PackedSequences.pack(extraction, bos, eos,
                        context), settings.extractionSteps(), settings.batchSize(), context, lr,
                        LrSchedule.Kind.CONSTANT));
    }

    /**
     * The corpus must not teach what only the test holds: no surface of a held-out lexicon entry (the medications,
     * conditions, procedures and dose frequencies that appear only in the NER test split) occurs in it as a word.
     */
    static void checkNoHeldOutSurface(List<String> docs) {
        List<java.util.regex.Pattern> surfaces = ClinicalLexicon.heldOutSurfaces().stream()
                .map(s -> java.util.regex.Pattern.compile("(?<![\\p{L}\\p{N}])" + java.util.regex.Pattern.quote(s)
                        + "(?![\\p{L}\\p{N}])", java.util.regex.Pattern.CASE_INSENSITIVE))
                .toList();
        for (String doc : docs) {
            for (java.util.regex.Pattern p : surfaces) {
                if (p.matcher(doc).find()) {
                    throw new IllegalStateException("the pretraining corpus holds the held-out test surface '"
                            + p.pattern() + "' in: " + doc);
                }
            }
        }
    }

    private Double mmluAccuracy(Path modelDir, Path mmluDir, int eos) {
        try (NDManager manager = ComputeDevice.CPU.newManager(); LlamaModel model = LlamaModel.load(modelDir, manager);
                HfTokenizer tokenizer = HfTokenizer.load(modelDir, eos)) {
            DjlLanguageModel lm = new DjlLanguageModel(model, tokenizer, "tiny-llama");
            double acc = MultipleChoiceTask.fromFolder("mmlu", mmluDir).run(lm, RunSettings.withShots(5))
                    .value("acc");
            log.accept(String.format(java.util.Locale.ROOT, "5-shot multiple-choice accuracy %.3f", acc));
            return acc;
        } catch (RuntimeException e) {
            log.accept("multiple-choice evaluation skipped: " + e.getMessage());
            return null;
        }
    }

    /** Whether the model copies well yet: the phase change came and settled (the copy probe's ratio is low). */
    private boolean copies(LlamaModel model, ByteLevelBpe bpe, int bos) {
        CopyProbe.Result r = CopyProbe.measure(model, bpe::encode, bos, 20, 12, seed);
        log.accept(String.format(java.util.Locale.ROOT, "copy probe: %.3f nats a token reading coined words, %.3f "
                + "reading them again (ratio %.3f; at most %.2f wanted)", r.firstLoss(), r.repeatLoss(), r.ratio(),
                COPYING_TARGET_RATIO));
        return r.ratio() <= COPYING_TARGET_RATIO;
    }

    /**
     * The copying phase's phase change does not come on every run (one full build of this recipe stayed on the
     * plateau); a model without it cannot do the 5-shot baseline, so the build stops here rather than train on.
     */
    private void checkCopying(CopyProbe.Result r) {
        log.accept(String.format(java.util.Locale.ROOT, "after the copying phase: %.3f nats a token reading coined "
                + "words, %.3f reading them again (ratio %.3f)", r.firstLoss(), r.repeatLoss(), r.ratio()));
        if (r.ratio() > MAX_COPY_RATIO) {
            throw new IllegalStateException(String.format(java.util.Locale.ROOT, "the copying phase did not teach "
                    + "the model to copy (a repeated line of coined words costs %.2f of its first reading; at most "
                    + "%.2f expected, even after running on to twice its planned steps): try another --seed",
                    r.ratio(), MAX_COPY_RATIO));
        }
    }

    private CopyProbe.Result copying(Path modelDir, int bos, int eos) {
        try (NDManager manager = ComputeDevice.CPU.newManager(); LlamaModel model = LlamaModel.load(modelDir, manager);
                HfTokenizer tokenizer = HfTokenizer.load(modelDir, eos)) {
            CopyProbe.Result r = CopyProbe.measure(model, tokenizer::encode, bos, 20, 12, seed);
            log.accept(String.format(java.util.Locale.ROOT, "copying: %.3f nats a token reading coined words, %.3f "
                    + "reading them again (ratio %.3f)", r.firstLoss(), r.repeatLoss(), r.ratio()));
            return r;
        }
    }

    /** The baseline a sweep compares against: the base model, 5 shots, every NER test note. */
    private TaskResult fiveShotNer(Path modelDir, Path nerDir, int eos) {
        try (NDManager manager = ComputeDevice.CPU.newManager(); LlamaModel model = LlamaModel.load(modelDir, manager);
                HfTokenizer tokenizer = HfTokenizer.load(modelDir, eos)) {
            TaskResult r = NerTask.fromFolder("ner", nerDir, NerTask.DEFAULT_LABELS, new SeqevalLabelMetric(), 128)
                    .run(new DjlLanguageModel(model, tokenizer, "tiny-llama"), RunSettings.withShots(5));
            log.accept(String.format(java.util.Locale.ROOT, "5-shot NER micro F1 %.3f on %d notes (%s)",
                    r.value("f1"), r.items().size(), r.prompts().shotsText()));
            return r;
        }
    }

    private static List<String> ids(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(String.format("%s-%05d", prefix, i));
        }
        return out;
    }

    static long folderBytes(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
