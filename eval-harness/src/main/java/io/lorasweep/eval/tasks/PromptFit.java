package io.lorasweep.eval.tasks;

import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.PromptDiagnostics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one run's prompts met the model's context. A prompt is never cut: when a k-shot prompt of some test item does
 * not fit with room for its answer, the run uses fewer shots (the first k' of the same draw, dropped whole) and says
 * so here.
 *
 * @param shotsAsked    the k the run was asked for
 * @param shotsUsed     the most shots, at most k, with which every test item's prompt fits
 * @param contextTokens the model's context ({@link io.lorasweep.eval.LanguageModel#maxLength()})
 * @param answerTokens  room kept free after each prompt: the task's max_new_tokens when it generates; 0 when it
 *                      scores given answers, which then count in the prompt's fit themselves
 * @param minTokens     the shortest prompt over the test items with {@code shotsUsed} shots, in the model's tokens
 *                      (special tokens such as BOS included)
 * @param limit         why not more shots, e.g. "with 4 shots, item 'n7' needs 301 tokens (...)"; null when every
 *                      shot asked for was used
 */
public record PromptFit(int shotsAsked, int shotsUsed, int contextTokens, int answerTokens, int minTokens,
                        double medianTokens, double p95Tokens, int maxTokens, String limit) {

    public PromptFit {
        if (shotsUsed < 0 || shotsUsed > shotsAsked) {
            throw new IllegalArgumentException("shotsUsed must be in [0, shotsAsked=" + shotsAsked + "], got "
                    + shotsUsed);
        }
        if (minTokens > maxTokens || maxTokens + answerTokens > contextTokens) {
            throw new IllegalArgumentException("prompt lengths must lie in [min, max] and fit the context: min="
                    + minTokens + ", max=" + maxTokens + ", answer=" + answerTokens + ", context=" + contextTokens);
        }
        if ((limit == null) != (shotsUsed == shotsAsked)) {
            throw new IllegalArgumentException("limit says why fewer shots were used, and only then; got shots "
                    + shotsUsed + " of " + shotsAsked + ", limit " + limit);
        }
    }

    public boolean fewerShots() {
        return shotsUsed < shotsAsked;
    }

    /** "5-shot", or "3 of 5 shots: prompts did not fit". */
    public String shotsText() {
        return PromptDiagnostics.shotsText(shotsAsked, shotsUsed);
    }

    /** "prompts 138-208 tokens (median 170, p95 201) of a 256-token context, 128 kept for the answer". */
    public String lengthsText() {
        return "prompts " + minTokens + "-" + maxTokens + " tokens (median " + plain(medianTokens) + ", p95 "
                + plain(p95Tokens) + ") of a " + contextTokens + "-token context"
                + (answerTokens > 0 ? ", " + answerTokens + " kept for the answer" : "");
    }

    /** The rows named in {@link PromptDiagnostics}, as the task's eval results carry them. */
    public List<EvalResult> toEvalResults(String task) {
        List<EvalResult> rows = new ArrayList<>();
        row(rows, task, PromptDiagnostics.SHOTS_ASKED, shotsAsked);
        row(rows, task, PromptDiagnostics.SHOTS_USED, shotsUsed);
        row(rows, task, PromptDiagnostics.PROMPT_TOKENS_MIN, minTokens);
        row(rows, task, PromptDiagnostics.PROMPT_TOKENS_MEDIAN, medianTokens);
        row(rows, task, PromptDiagnostics.PROMPT_TOKENS_P95, p95Tokens);
        row(rows, task, PromptDiagnostics.PROMPT_TOKENS_MAX, maxTokens);
        row(rows, task, PromptDiagnostics.CONTEXT_TOKENS, contextTokens);
        row(rows, task, PromptDiagnostics.ANSWER_TOKENS, answerTokens);
        return rows;
    }

    private static void row(List<EvalResult> rows, String task, String name, double value) {
        rows.add(new EvalResult(task, name, EvalResult.OVERALL, value, value, value));
    }

    /** A token count as read: whole, or with one decimal (a median of two, an interpolated percentile). */
    private static String plain(double v) {
        double tenths = Math.round(v * 10) / 10.0;
        return tenths == Math.rint(tenths) ? Long.toString((long) tenths) : String.format(Locale.ROOT, "%.1f", tenths);
    }
}
