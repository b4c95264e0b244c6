package io.lorasweep.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.agent.data.InstructionExample;
import io.lorasweep.agent.data.JsonlDataset;
import io.lorasweep.eval.tasks.mmlu.MmluCsv;
import io.lorasweep.eval.tasks.mmlu.MmluDataset;
import io.lorasweep.eval.tasks.ner.EntityAnswerParser;
import io.lorasweep.eval.tasks.ner.EntityMention;
import io.lorasweep.eval.tasks.ner.NerExample;
import io.lorasweep.eval.tasks.ner.NerJsonl;
import io.lorasweep.eval.tasks.summarization.SummaryExample;
import io.lorasweep.eval.tasks.summarization.SummaryJsonl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the builder writes is read back by the eval-harness and trainer readers unchanged. */
class DatasetWriterTest {

    @Test
    void nerFilesRoundTripThroughTheEvalHarnessAndTheTrainer(@TempDir Path dir) {
        ClinicalNoteGenerator g = new ClinicalNoteGenerator(new Random(9), true, 0.5);
        List<NerExample> examples = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            examples.add(DatasetWriter.nerExample("n" + i, g.next()));
        }
        DatasetWriter.writeNer(dir.resolve("ner/test.jsonl"), examples);
        DatasetWriter.writeNerInstructions(dir.resolve("ner/test_instructions.jsonl"), examples);
        List<NerExample> read = NerJsonl.read(dir.resolve("ner/test.jsonl"), Set.copyOf(DatasetWriter.LABELS));
        assertEquals(examples, read);
        List<InstructionExample> instructions = JsonlDataset.read(dir.resolve("ner/test_instructions.jsonl"));
        EntityAnswerParser parser = new EntityAnswerParser(DatasetWriter.LABELS);
        for (int i = 0; i < examples.size(); i++) {
            InstructionExample ie = instructions.get(i);
            assertEquals(DatasetWriter.NER_INSTRUCTION, ie.instruction());
            assertEquals(examples.get(i).text(), ie.input());
            Set<String> gold = examples.get(i).entities().stream()
                    .map(e -> new EntityMention(e.type(), e.text()).key()).collect(Collectors.toSet());
            var parsed = parser.parse(ie.output());
            assertEquals(gold, parsed.mentions().stream().map(EntityMention::key).collect(Collectors.toSet()),
                    ie.output());
            assertEquals(0, parsed.unknownTypes() + parsed.unparsed());
        }
    }

    @Test
    void summariesAndMultipleChoiceRoundTrip(@TempDir Path dir) {
        ClinicalNoteGenerator g = new ClinicalNoteGenerator(new Random(4), false, 0);
        List<ClinicalNote> notes = List.of(g.next(), g.next(), g.next());
        DatasetWriter.writeSummaries(dir.resolve("s/test.jsonl"), List.of("a", "b", "c"), notes);
        List<SummaryExample> read = SummaryJsonl.read(dir.resolve("s/test.jsonl"));
        assertEquals(notes.get(2).summary(), read.get(2).summary());
        assertEquals(notes.get(0).text(), read.get(0).text());

        Random random = new Random(1);
        for (String subject : MedicalFacts.SUBJECTS) {
            List<MultipleChoiceQuestion> qs = QuestionBank.exam(subject, random);
            DatasetWriter.writeMmlu(dir.resolve("mmlu/dev/" + subject + "_dev.csv"), qs.subList(0, 5));
            DatasetWriter.writeMmlu(dir.resolve("mmlu/test/" + subject + "_test.csv"), qs.subList(5, qs.size()));
        }
        MmluDataset data = MmluCsv.readFolder(dir.resolve("mmlu"));
        for (String subject : MedicalFacts.SUBJECTS) {
            assertEquals(5, data.dev().get(subject).size());
            assertTrue(data.test().get(subject).size() >= 40, subject);
        }
    }
}
