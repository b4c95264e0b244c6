package io.lorasweep.dashboard.baseline;

/**
 * A column of the baseline table: the base model k-shot, or the best complete trial for one value of the chosen
 * parameter.
 *
 * @param kind            {@code baseline} or {@code trial}
 * @param parameterValue  the value as raw JSON (what {@code param.NAME=} filters take), null for the baseline
 * @param trials          complete trials with that value (the column shows the best of them)
 * @param costUsd         what the best trial cost; null for the baseline (no training)
 * @param shotsAsked      the shots the run of the column's task was asked for; null when not on record (runs made
 *                        before prompts were measured, or a task without prompts)
 * @param shotsUsed       the shots its prompts held: fewer than asked when a k-shot prompt did not fit the context
 * @param promptTokensMax its longest prompt, in the model's tokens
 * @param contextTokens   the model's context the prompts had to fit, with room for the answer
 */
public record BaselineColumn(String title, String kind, String parameterValue, Long trialId, Long attempt,
                             long trials, Double objective, Double costUsd, Integer shotsAsked, Integer shotsUsed,
                             Integer promptTokensMax, Integer contextTokens) {

    /** This column with the prompt facts of its run (null when not on record). */
    BaselineColumn withPrompts(PromptFacts facts) {
        if (facts == null) {
            return this;
        }
        return new BaselineColumn(title, kind, parameterValue, trialId, attempt, trials, objective, costUsd,
                facts.shotsAsked(), facts.shotsUsed(), facts.promptTokensMax(), facts.contextTokens());
    }
}
