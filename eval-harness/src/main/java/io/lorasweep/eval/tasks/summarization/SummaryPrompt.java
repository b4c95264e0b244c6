package io.lorasweep.eval.tasks.summarization;

import java.util.List;

/**
 * The summarisation prompt. With one shot it reads:
 *
 * <pre>
 * Summarize the clinical note in one line.
 *
 * Note: {shot text}
 * Summary: {shot summary}
 *
 * Note: {test text}
 * Summary:
 * </pre>
 *
 * and the model's continuation up to the first line break, stripped, is the prediction. As a training example a note
 * is its zero-shot prompt and {@link #target}: what a shot shows after "Summary:", up to and including the line
 * break where generation stops.
 */
public final class SummaryPrompt {

    /** Bumped whenever the wording changes, since it is part of the task's fingerprint. */
    public static final String VERSION = "summary-prompt-v1";
    public static final List<String> STOP = List.of("\n");

    private SummaryPrompt() {
    }

    /** What the model should continue a note's prompt with: a space, the summary stripped, and the line break. */
    public static String target(SummaryExample example) {
        return " " + example.summary().strip() + "\n";
    }

    public static String context(List<SummaryExample> shots, SummaryExample target) {
        StringBuilder s = new StringBuilder("Summarize the clinical note in one line.\n\n");
        for (SummaryExample shot : shots) {
            s.append("Note: ").append(shot.text()).append("\nSummary: ").append(shot.summary().strip()).append("\n\n");
        }
        return s.append("Note: ").append(target.text()).append("\nSummary:").toString();
    }
}
