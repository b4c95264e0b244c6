package io.lorasweep.assets;

import java.util.List;

/** A question with four options and the index of the right one, as one row of an MMLU CSV. */
public record MultipleChoiceQuestion(String subject, String question, List<String> choices, int answer) {

    public MultipleChoiceQuestion {
        choices = List.copyOf(choices);
        if (choices.size() != 4 || answer < 0 || answer > 3) {
            throw new IllegalArgumentException("a question needs 4 choices and an answer in 0..3, got " + choices
                    + " and " + answer);
        }
        if (choices.stream().distinct().count() != 4) {
            throw new IllegalArgumentException("choices must be distinct, got " + choices);
        }
    }

    public String answerLetter() {
        return String.valueOf((char) ('A' + answer));
    }

    /** The layout of the MMLU prompt: question, lettered options, "Answer:" and the letter. */
    public String asPractice() {
        StringBuilder s = new StringBuilder(question);
        for (int i = 0; i < 4; i++) {
            s.append('\n').append((char) ('A' + i)).append(". ").append(choices.get(i));
        }
        return s.append("\nAnswer: ").append(answerLetter()).toString();
    }
}
