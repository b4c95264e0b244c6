package io.lorasweep.assets;

import io.lorasweep.assets.MedicalFacts.Relation;
import io.lorasweep.assets.MedicalFacts.SingleFact;
import io.lorasweep.eval.tasks.mmlu.MmluPrompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The pretraining corpus and the held-out perplexity text, as documents: clinical notes (training lexicon only),
 * paragraphs of facts, question/answer text and multiple-choice practice in MMLU's layout on the four subjects,
 * and few-shot entity-extraction pages of other domains in the NER task's layout.
 * Each kind draws from its own random stream derived from the seed, so the same seed gives the same text.
 */
public final class CorpusGenerator {

    private final long seed;

    public CorpusGenerator(long seed) {
        this.seed = seed;
    }

    public List<String> pretrainingDocuments(int notes, int factDocuments, int extractionDocuments) {
        return pretrainingDocuments(notes, factDocuments, extractionDocuments, Set.of());
    }

    /**
     * {@code notes} notes (none whose text is in {@code exclude}), {@code factDocuments} fact documents and
     * {@code extractionDocuments} few-shot extraction pages of other domains ({@link ExtractionCorpus}).
     */
    public List<String> pretrainingDocuments(int notes, int factDocuments, int extractionDocuments,
            Set<String> exclude) {
        List<String> docs = new ArrayList<>();
        ClinicalNoteGenerator generator = new ClinicalNoteGenerator(new Random(seed * 31 + 1), false, 0);
        while (docs.size() < notes) {
            String text = generator.next().text();
            if (!exclude.contains(text)) {
                docs.add(text);
            }
        }
        Random random = new Random(seed * 31 + 2);
        for (int i = 0; i < factDocuments; i++) {
            double kind = random.nextDouble();
            docs.add(kind < 0.4 ? factParagraph(random) : kind < 0.65 ? questionAnswers(random)
                    : practiceBlock(random));
        }
        ExtractionCorpus extraction = new ExtractionCorpus(new Random(seed * 31 + 4));
        for (int i = 0; i < extractionDocuments; i++) {
            docs.add(extraction.nextDocument());
        }
        java.util.Collections.shuffle(docs, new Random(seed * 31 + 3));
        return docs;
    }

    /** {@code n} pages that can only be predicted by reading back ({@link CopyCorpus}), from a stream of their own. */
    public List<String> copyPages(int n) {
        CopyCorpus copies = new CopyCorpus(new Random(seed * 31 + 5));
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add(copies.nextDocument());
        }
        return docs;
    }

    /** {@code n} few-shot extraction pages of veterinary notes ({@link ExtractionCorpus#veterinary}). */
    public List<String> veterinaryPages(int n) {
        ExtractionCorpus pages = ExtractionCorpus.veterinary(new Random(seed * 31 + 6));
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add(pages.nextDocument());
        }
        return docs;
    }

    /**
     * {@code n} few-shot extraction pages over clinical notes whose types carry coined labels
     * ({@link ClinicalExtractionPages}), none holding a note whose text is in {@code exclude}.
     */
    public List<String> clinicalExtractionPages(int n, Set<String> exclude) {
        ClinicalExtractionPages pages = new ClinicalExtractionPages(new Random(seed * 31 + 7), exclude);
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add(pages.nextDocument());
        }
        return docs;
    }

    /** Held-out text: paragraphs (notes and fact paragraphs) separated by blank lines, from streams of its own. */
    public String heldOutText(int notes, int paragraphs, Set<String> exclude) {
        List<String> parts = new ArrayList<>();
        ClinicalNoteGenerator generator = new ClinicalNoteGenerator(new Random(seed * 31 + 11), false, 0);
        while (parts.size() < notes) {
            String text = generator.next().text();
            if (!exclude.contains(text)) {
                parts.add(text);
            }
        }
        Random random = new Random(seed * 31 + 12);
        for (int i = 0; i < paragraphs; i++) {
            parts.add(factParagraph(random));
        }
        java.util.Collections.shuffle(parts, new Random(seed * 31 + 13));
        return String.join("\n\n", parts) + "\n";
    }

    private static String factParagraph(Random random) {
        List<Relation> relations = MedicalFacts.relations();
        List<SingleFact> singles = MedicalFacts.singleFacts();
        int n = 3 + random.nextInt(5);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(' ');
            }
            if (random.nextDouble() < 0.8) {
                Relation r = relations.get(random.nextInt(relations.size()));
                Map.Entry<String, List<String>> pair = pick(r, random);
                List<String> ys = pair.getValue();
                String template = r.statements().get(random.nextInt(r.statements().size()));
                s.append(MedicalFacts.fill(template, pair.getKey(), ys.get(random.nextInt(ys.size()))));
            } else {
                s.append(singles.get(random.nextInt(singles.size())).statement());
            }
        }
        return s.toString();
    }

    private static String questionAnswers(Random random) {
        List<Relation> relations = MedicalFacts.relations();
        int n = 2 + random.nextInt(4);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Relation r = relations.get(random.nextInt(relations.size()));
            Map.Entry<String, List<String>> pair = pick(r, random);
            if (i > 0) {
                s.append("\n\n");
            }
            s.append("Question: ").append(MedicalFacts.fill(r.practiceQuestion(), pair.getKey(), null))
                    .append("\nAnswer: ").append(pair.getValue().get(0)).append('.');
        }
        return s.toString();
    }

    private static String practiceBlock(Random random) {
        String subject = MedicalFacts.SUBJECTS.get(random.nextInt(MedicalFacts.SUBJECTS.size()));
        List<MultipleChoiceQuestion> pool = QuestionBank.practice(subject, random);
        java.util.Collections.shuffle(pool, random);
        StringBuilder s = new StringBuilder(MmluPrompt.description(subject));
        int n = Math.min(pool.size(), 2 + random.nextInt(3));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append("\n\n");
            }
            s.append(pool.get(i).asPractice());
        }
        return s.toString();
    }

    private static Map.Entry<String, List<String>> pick(Relation r, Random random) {
        List<Map.Entry<String, List<String>>> entries = new ArrayList<>(r.pairs().entrySet());
        return entries.get(random.nextInt(entries.size()));
    }
}
