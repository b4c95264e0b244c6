package io.lorasweep.agent.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.eval.DjlLanguageModel;
import io.lorasweep.agent.model.HfTokenizer;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.eval.LanguageModel.GenerationRequest;
import io.lorasweep.eval.LanguageModel.LoglikelihoodRequest;
import io.lorasweep.eval.tasks.FewShotSampler;
import io.lorasweep.eval.tasks.NerTask;
import io.lorasweep.eval.tasks.RunSettings;
import io.lorasweep.eval.tasks.ner.EntityMention;
import io.lorasweep.eval.tasks.ner.EntitySpan;
import io.lorasweep.eval.tasks.ner.NerExample;
import io.lorasweep.eval.tasks.ner.NerJsonl;
import io.lorasweep.eval.tasks.ner.NerPrompt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Where the shipped base model's 5-shot NER answers go wrong, one answer line at a time: the prompt the task
 * scores, followed by the note's gold answer lines so far (teacher forcing), then
 * <ul>
 *   <li>the label it puts first: the most likely of the four labels as the next line's start;</li>
 *   <li>the label for a known surface: the label maximising p("LABEL: surface"), the typing a format that names
 *       the surface before its type could use;</li>
 *   <li>the surface after the gold label: its greedy continuation, against the gold next surface.</li>
 * </ul>
 * Chance for a label is 1/4. Prints the figures BENCHMARKS quotes ({@code ./lorasweep test --suite training}).
 */
@Tag("training")
class ShippedModelNerAnswerProbeTest {

    static final int NOTES = 40;

    @Test
    void theBaseModelTypesTheNextEntityAboveChanceGivenTheAnswerSoFar() {
        List<String> labels = NerTask.DEFAULT_LABELS;
        Set<String> known = new LinkedHashSet<>(labels);
        List<NerExample> train = NerJsonl.read(ShippedModelFineTuningTest.NER.resolve("train.jsonl"), known);
        List<NerExample> test = NerJsonl.read(ShippedModelFineTuningTest.NER.resolve("test.jsonl"), known);
        Map<String, int[]> byClass = new TreeMap<>(); // lines, label first right, label for surface right, copied
        try (NDManager manager = DjlTestSupport.engine().newBaseManager();
             LlamaModel model = LlamaModel.load(ShippedModelFineTuningTest.MODEL, manager);
             HfTokenizer tokenizer = HfTokenizer.load(ShippedModelFineTuningTest.MODEL,
                     model.config().eosTokenIds().get(0))) {
            DjlLanguageModel lm = new DjlLanguageModel(model, tokenizer, "shipped");
            List<NerExample> shots = FewShotSampler.draw(train, NerTask.DEFAULT_SHOTS,
                    RunSettings.withShots(NerTask.DEFAULT_SHOTS).seed());
            NerPrompt prompt = new NerPrompt(labels);
            for (NerExample note : test.subList(0, NOTES)) {
                String prefix = prompt.context(shots, note);
                Set<String> seen = new HashSet<>();
                for (EntitySpan e : note.entities()) {
                    if (!seen.add(new EntityMention(e.type(), e.text()).key())) {
                        continue; // the answer names each (type, surface) once
                    }
                    String surface = e.text().strip();
                    List<LoglikelihoodRequest> first = new ArrayList<>();
                    List<LoglikelihoodRequest> withSurface = new ArrayList<>();
                    for (String label : labels) {
                        first.add(new LoglikelihoodRequest(prefix, label + ":"));
                        withSurface.add(new LoglikelihoodRequest(prefix, label + ": " + surface + "\n"));
                    }
                    int gold = labels.indexOf(e.type());
                    // the label line ends in ':' so the surface keeps its leading-space token, as in a free answer
                    String next = lm.generateUntil(List.of(new GenerationRequest(prefix + e.type() + ":",
                            List.of("\n"), 24))).get(0).strip();
                    int[] c = byClass.computeIfAbsent(e.type(), k -> new int[4]);
                    c[0]++;
                    c[1] += best(lm.loglikelihood(first)) == gold ? 1 : 0;
                    c[2] += best(lm.loglikelihood(withSurface)) == gold ? 1 : 0;
                    c[3] += next.equalsIgnoreCase(surface) ? 1 : 0;
                    prefix += e.type() + ": " + surface + "\n";
                }
            }
        }
        int[] all = new int[4];
        byClass.forEach((label, c) -> {
            for (int i = 0; i < 4; i++) {
                all[i] += c[i];
            }
            System.out.println(line(label, c));
        });
        System.out.println(line("all", all));
        assertTrue(all[1] > 0.25 * all[0] && all[2] > 0.25 * all[0], "the base model types no better than chance: "
                + line("all", all));
    }

    private static String line(String what, int[] c) {
        return String.format(Locale.ROOT, "ner answer probe %s: %d lines, label first %.3f, label for the surface "
                + "%.3f, surface after the gold label %.3f", what, c[0], c[1] / (double) c[0], c[2] / (double) c[0],
                c[3] / (double) c[0]);
    }

    private static int best(List<io.lorasweep.eval.LanguageModel.LogLikelihood> scores) {
        int b = 0;
        for (int i = 1; i < scores.size(); i++) {
            if (scores.get(i).logProb() > scores.get(b).logProb()) {
                b = i;
            }
        }
        return b;
    }
}
