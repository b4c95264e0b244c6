package io.lorasweep.eval.tasks;

import io.lorasweep.eval.LanguageModel;
import io.lorasweep.stats.Percentiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Chooses how many shots a run can use without cutting anything: the largest k' ≤ k for which every test item's
 * prompt fits the model's context with room for its answer, measured in the model's own tokens
 * ({@link LanguageModel#contextTokens}). One k' serves every item, so the items stay comparable. When even the
 * zero-shot prompt of some item does not fit, the run is refused with that item and its length: a cut prompt would
 * score something other than the task.
 */
final class ShotFitter {

    /**
     * One test item as the model must take it whole: its prompt, and the texts that must each fit the context with
     * {@code answerTokens} to spare (the prompt itself for generation; the prompt followed by each scored answer
     * when answers are scored).
     */
    record Probe(String item, String prompt, List<String> whole) {

        static Probe generation(String item, String prompt) {
            return new Probe(item, prompt, List.of(prompt));
        }
    }

    private ShotFitter() {
    }

    /**
     * @param probes each test item with k shots, for k from {@code asked} down; the k-shot prompts must use the
     *               first k of the {@code asked} shots, so fewer shots drop whole shots from the end
     */
    static PromptFit fit(String task, LanguageModel model, int asked, int answerTokens,
                         IntFunction<List<Probe>> probes) {
        int context = model.maxLength();
        String limit = null;
        for (int k = asked; k >= 0; k--) {
            List<Probe> items = probes.apply(k);
            Attempt attempt = new Attempt(model, items, answerTokens, context, k > 0);
            if (attempt.misfits == 0) {
                return report(asked, k, context, answerTokens, attempt.promptTokens, limit);
            }
            // the last k that fails is k' + 1: why the run did not get one shot more
            limit = "with " + k + (k == 1 ? " shot" : " shots") + ", item '" + attempt.worst.item() + "' "
                    + needs(attempt.worstTokens, answerTokens) + ", more than the model's context of " + context;
            if (k == 0) {
                throw new IllegalArgumentException("task " + task + " cannot be scored on " + model.name()
                        + " without cutting prompts: even zero-shot, item '" + attempt.worst.item() + "' "
                        + needs(attempt.worstTokens, answerTokens) + ", more than the model's context of " + context
                        + " tokens (items that do not fit: " + attempt.misfits + " of " + items.size() + "). Use a "
                        + "model with a longer context or shorter documents"
                        + (answerTokens > 0 ? ", or leave less room for the answer" : ""));
            }
        }
        throw new IllegalArgumentException("asked must be >= 0, got " + asked);
    }

    private static String needs(int tokens, int answerTokens) {
        return answerTokens > 0
                ? "needs " + (tokens + answerTokens) + " tokens (a " + tokens + "-token prompt and " + answerTokens
                        + " for the answer)"
                : "needs " + tokens + " tokens (prompt and answer)";
    }

    private static PromptFit report(int asked, int used, int context, int answerTokens, int[] tokens, String limit) {
        double[] sorted = new double[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            sorted[i] = tokens[i];
        }
        Arrays.sort(sorted);
        return new PromptFit(asked, used, context, answerTokens, (int) sorted[0],
                Percentiles.linearSorted(sorted, 50), Percentiles.linearSorted(sorted, 95),
                (int) sorted[sorted.length - 1], limit);
    }

    /** Every item measured with one k, longest first; with {@code failFast} it stops at the first misfit. */
    private static final class Attempt {
        final int[] promptTokens;
        int misfits;
        Probe worst;
        int worstTokens = -1;

        Attempt(LanguageModel model, List<Probe> items, int answerTokens, int context, boolean failFast) {
            if (items.isEmpty()) {
                throw new IllegalArgumentException("a run needs at least one test item");
            }
            promptTokens = new int[items.size()];
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                order.add(i);
            }
            // the longest texts are the likeliest misfits: measured first, so a k that fails fails fast
            order.sort(Comparator.comparingInt((Integer i) -> longest(items.get(i))).reversed());
            for (int i : order) {
                Probe p = items.get(i);
                int need = 0;
                for (String text : p.whole()) {
                    need = Math.max(need, model.contextTokens(text));
                }
                if (need + answerTokens > context) {
                    misfits++;
                    if (need > worstTokens) {
                        worst = p;
                        worstTokens = need;
                    }
                    if (failFast) {
                        return;
                    }
                    continue;
                }
                promptTokens[i] = p.whole().size() == 1 && p.whole().get(0).equals(p.prompt()) ? need
                        : model.contextTokens(p.prompt());
            }
        }

        private static int longest(Probe p) {
            return p.whole().stream().mapToInt(String::length).max().orElse(0);
        }
    }
}
