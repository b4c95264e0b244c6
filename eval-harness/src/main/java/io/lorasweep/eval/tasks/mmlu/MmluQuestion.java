package io.lorasweep.eval.tasks.mmlu;

import java.util.List;

/**
 * One MMLU question.
 *
 * @param subject the subject as in the file name, e.g. {@code high_school_biology}
 * @param index   0-based position in its file, which is also the few-shot order of the dev split
 * @param choices the four options A to D, as written
 * @param answer  index of the correct option, 0 for A to 3 for D
 */
public record MmluQuestion(String subject, int index, String question, List<String> choices, int answer) {

    public MmluQuestion {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank, got '" + subject + "'");
        }
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        if (question == null) {
            throw new IllegalArgumentException("question must not be null");
        }
        choices = List.copyOf(choices);
        if (choices.size() != 4) {
            throw new IllegalArgumentException("choices must be 4 (A to D), got " + choices.size());
        }
        if (answer < 0 || answer > 3) {
            throw new IllegalArgumentException("answer must be between 0 (A) and 3 (D), got " + answer);
        }
    }

    /** "A" to "D". */
    public String answerLetter() {
        return MmluPrompt.LETTERS.get(answer);
    }
}
