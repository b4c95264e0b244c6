package io.lorasweep.assets;

import io.lorasweep.assets.MedicalFacts.Relation;
import io.lorasweep.assets.MedicalFacts.SingleFact;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Multiple-choice questions from {@link MedicalFacts}: for every pair of a relation, a forward question (x given,
 * which y?) and, once per distinct y, a reverse question (which x?); every single fact once. Options are the right
 * answer and three wrong ones that do not also fit, in a random order. {@link #practice} asks the same pairs in a
 * third wording, for the pretraining corpus, so the corpus never holds a test question verbatim.
 */
public final class QuestionBank {

    private QuestionBank() {
    }

    public static List<MultipleChoiceQuestion> exam(String subject, Random random) {
        List<MultipleChoiceQuestion> out = new ArrayList<>();
        for (Relation r : MedicalFacts.relations()) {
            if (!r.subject().equals(subject)) {
                continue;
            }
            for (Map.Entry<String, List<String>> pair : r.pairs().entrySet()) {
                forward(r, pair.getKey(), MedicalFacts.fill(r.forward(), pair.getKey(), null), random)
                        .ifPresent(out::add);
            }
            Set<String> ys = new LinkedHashSet<>();
            r.pairs().values().forEach(v -> ys.add(v.get(0)));
            for (String y : ys) {
                List<String> fitting = new ArrayList<>();
                List<String> wrong = new ArrayList<>();
                r.pairs().forEach((x, v) -> (v.contains(y) ? fitting : wrong).add(x));
                if (wrong.size() >= 3) {
                    String answer = fitting.get(random.nextInt(fitting.size()));
                    out.add(question(subject, MedicalFacts.fill(r.reverse(), "", y), answer, wrong, random));
                }
            }
        }
        for (SingleFact f : MedicalFacts.singleFacts()) {
            if (f.subject().equals(subject)) {
                out.add(question(subject, f.question(), f.answer(), f.wrong(), random));
            }
        }
        return out;
    }

    /** The relation pairs of a subject asked in their practice wording (forward only). */
    public static List<MultipleChoiceQuestion> practice(String subject, Random random) {
        List<MultipleChoiceQuestion> out = new ArrayList<>();
        for (Relation r : MedicalFacts.relations()) {
            if (r.subject().equals(subject)) {
                for (String x : r.pairs().keySet()) {
                    forward(r, x, MedicalFacts.fill(r.practiceQuestion(), x, null), random).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private static java.util.Optional<MultipleChoiceQuestion> forward(Relation r, String x, String text,
            Random random) {
        List<String> ys = r.pairs().get(x);
        Set<String> wrong = new LinkedHashSet<>();
        r.pairs().values().forEach(v -> v.stream().filter(y -> !ys.contains(y)).forEach(wrong::add));
        if (wrong.size() < 3) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(question(r.subject(), text, ys.get(0), new ArrayList<>(wrong), random));
    }

    private static MultipleChoiceQuestion question(String subject, String text, String answer, List<String> wrong,
            Random random) {
        List<String> pool = new ArrayList<>(new LinkedHashSet<>(wrong));
        pool.remove(answer);
        Collections.shuffle(pool, random);
        List<String> choices = new ArrayList<>(pool.subList(0, 3));
        int at = random.nextInt(4);
        choices.add(at, answer);
        return new MultipleChoiceQuestion(subject, text, choices, at);
    }
}
