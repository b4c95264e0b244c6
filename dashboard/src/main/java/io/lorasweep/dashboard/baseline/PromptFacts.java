package io.lorasweep.dashboard.baseline;

import io.lorasweep.schemas.messages.PromptDiagnostics;
import java.util.Map;

/**
 * How one run's prompts met its model's context, read back from the prompt diagnostics a task stores beside its
 * metrics ({@link PromptDiagnostics}).
 */
record PromptFacts(int shotsAsked, int shotsUsed, Integer promptTokensMax, Integer contextTokens) {

    /** From a run's diagnostic values by name; null when the run recorded none (older runs, perplexity). */
    static PromptFacts of(Map<String, Double> values) {
        Double asked = values.get(PromptDiagnostics.SHOTS_ASKED);
        Double used = values.get(PromptDiagnostics.SHOTS_USED);
        if (asked == null || used == null) {
            return null;
        }
        return new PromptFacts(asked.intValue(), used.intValue(),
                whole(values.get(PromptDiagnostics.PROMPT_TOKENS_MAX)), whole(values.get(PromptDiagnostics.CONTEXT_TOKENS)));
    }

    boolean fewerShots() {
        return shotsUsed < shotsAsked;
    }

    String shotsText() {
        return PromptDiagnostics.shotsText(shotsAsked, shotsUsed);
    }

    private static Integer whole(Double v) {
        return v == null ? null : (int) Math.round(v);
    }
}
