package io.lorasweep.schemas.messages;

import java.util.List;

/**
 * How a task's prompts met the model's context in one run: the shots asked for and the shots used (fewer when a
 * k-shot prompt of some test item did not fit with room for its answer; nothing is ever cut from a prompt), and the
 * prompt lengths in tokens. They travel as {@link EvalResult} rows of the task (label "", the value as both bounds)
 * beside its metrics, in the trial's {@link Finished} and in {@link BaselineEvals}, and are stored as eval and
 * baseline rows are. They describe the run, not the model's quality: a reader that ranks, compares or gates metrics
 * leaves them out ({@link #contains}).
 */
public final class PromptDiagnostics {

    public static final String SHOTS_ASKED = "shots_asked";
    public static final String SHOTS_USED = "shots_used";
    public static final String PROMPT_TOKENS_MIN = "prompt_tokens_min";
    public static final String PROMPT_TOKENS_MEDIAN = "prompt_tokens_median";
    public static final String PROMPT_TOKENS_P95 = "prompt_tokens_p95";
    public static final String PROMPT_TOKENS_MAX = "prompt_tokens_max";
    /** The model's context in tokens: a prompt plus its answer must fit in it. */
    public static final String CONTEXT_TOKENS = "context_tokens";
    /** Tokens left free after each prompt for the generated answer (0 for a task that scores given answers). */
    public static final String ANSWER_TOKENS = "answer_tokens";

    public static final List<String> NAMES = List.of(SHOTS_ASKED, SHOTS_USED, PROMPT_TOKENS_MIN, PROMPT_TOKENS_MEDIAN,
            PROMPT_TOKENS_P95, PROMPT_TOKENS_MAX, CONTEXT_TOKENS, ANSWER_TOKENS);

    private PromptDiagnostics() {
    }

    /** How a run's shots read: "5-shot", or "3 of 5 shots: prompts did not fit". */
    public static String shotsText(int asked, int used) {
        return used == asked ? used + "-shot" : used + " of " + asked + " shots: prompts did not fit";
    }

    /** Whether {@code metric} is one of these run facts rather than a score. */
    public static boolean contains(String metric) {
        return NAMES.contains(metric);
    }
}
