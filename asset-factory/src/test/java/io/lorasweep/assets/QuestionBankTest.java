package io.lorasweep.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuestionBankTest {

    @Test
    void everySubjectHasEnoughQuestionsWithOneFittingAnswer() {
        for (String subject : MedicalFacts.SUBJECTS) {
            List<MultipleChoiceQuestion> qs = QuestionBank.exam(subject, new Random(1));
            assertTrue(qs.size() >= 45, subject + " has " + qs.size());
            Set<String> texts = new HashSet<>();
            for (MultipleChoiceQuestion q : qs) {
                assertTrue(texts.add(q.question()), "duplicate question " + q.question());
                assertEquals(4, q.choices().stream().distinct().count());
            }
        }
    }

    @Test
    void forwardQuestionsAnswerWithThePairAndNoDistractorFits() {
        for (MedicalFacts.Relation r : MedicalFacts.relations()) {
            for (MultipleChoiceQuestion q : QuestionBank.exam(r.subject(), new Random(2))) {
                for (var pair : r.pairs().entrySet()) {
                    if (q.question().equals(MedicalFacts.fill(r.forward(), pair.getKey(), null))) {
                        assertEquals(pair.getValue().get(0), q.choices().get(q.answer()));
                        for (int i = 0; i < 4; i++) {
                            if (i != q.answer()) {
                                assertFalse(pair.getValue().contains(q.choices().get(i)), q.question());
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void theCorpusNeverHoldsATestQuestionVerbatim() {
        List<String> docs = new CorpusGenerator(11).pretrainingDocuments(0, 400, 0);
        String corpus = String.join("\n", docs);
        for (String subject : MedicalFacts.SUBJECTS) {
            for (MultipleChoiceQuestion q : QuestionBank.exam(subject, new Random(3))) {
                assertFalse(corpus.contains(q.question()), q.question());
            }
        }
    }
}
