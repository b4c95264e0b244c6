package io.lorasweep.eval.tasks.mmlu;

import java.util.List;

/**
 * The prompt of lm-evaluation-harness's default {@code mmlu} task, byte for byte:
 *
 * <pre>
 * The following are multiple choice questions (with answers) about {subject, '_' as ' '}.\n\n
 * {dev question 1 stripped}\nA. {A}\nB. {B}\nC. {C}\nD. {D}\nAnswer: {letter}\n\n     (k times, dev order)
 * {test question stripped}\nA. {A}\nB. {B}\nC. {C}\nD. {D}\nAnswer:
 * </pre>
 *
 * The harness's {@code target_delimiter} is " " (between "Answer:" and the letter) and its
 * {@code fewshot_delimiter} "\n\n" (after each example); the continuations scored are " A" to " D".
 */
public final class MmluPrompt {

    public static final List<String> LETTERS = List.of("A", "B", "C", "D");
    public static final String TARGET_DELIMITER = " ";
    public static final String FEWSHOT_DELIMITER = "\n\n";
    /** What is scored after the context: the target delimiter then the letter. */
    public static final List<String> CONTINUATIONS = List.of(" A", " B", " C", " D");

    private MmluPrompt() {
    }

    public static String description(String subject) {
        return "The following are multiple choice questions (with answers) about " + subject.replace('_', ' ')
                + ".\n\n";
    }

    /** The harness's {@code doc_to_text}: the question stripped as Python strips, the options as written. */
    public static String question(MmluQuestion q) {
        return PythonText.strip(q.question()) + "\nA. " + q.choices().get(0) + "\nB. " + q.choices().get(1)
                + "\nC. " + q.choices().get(2) + "\nD. " + q.choices().get(3) + "\nAnswer:";
    }

    /** The full context for {@code q} with the given shots (the first k dev questions of its subject). */
    public static String context(MmluQuestion q, List<MmluQuestion> shots) {
        StringBuilder s = new StringBuilder(description(q.subject()));
        for (MmluQuestion shot : shots) {
            s.append(question(shot)).append(TARGET_DELIMITER).append(shot.answerLetter()).append(FEWSHOT_DELIMITER);
        }
        return s.append(question(q)).toString();
    }
}
