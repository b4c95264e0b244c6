package io.lorasweep.assets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorasweep.eval.tasks.ner.EntitySpan;
import io.lorasweep.eval.tasks.ner.NerExample;
import io.lorasweep.eval.tasks.ner.NerPrompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the datasets in the layouts the eval-harness and the trainer read: NER JSON lines (UTF-16 offsets, end
 * exclusive) and the same notes as instruction JSON lines whose output is the eval-harness's own answer format
 * ({@link NerPrompt#answer}: one {@code TYPE: text} a line in text order, or {@code none}); summarisation JSON lines
 * and instructions; MMLU CSV (no header, every field quoted, RFC 4180).
 */
public final class DatasetWriter {

    public static final List<String> LABELS = List.of("MEDICATION", "DOSAGE", "CONDITION", "PROCEDURE");
    /** The eval-harness NER instruction, so an adapter trained on these examples meets the same wording. */
    public static final String NER_INSTRUCTION = new NerPrompt(LABELS).instruction().strip();
    public static final String SUMMARY_INSTRUCTION = "Summarize the clinical note in one line.";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetWriter() {
    }

    public static NerExample nerExample(String id, ClinicalNote note) {
        return new NerExample(id, note.text(), note.entities());
    }

    public static void writeNer(Path file, List<NerExample> examples) {
        StringBuilder out = new StringBuilder();
        for (NerExample e : examples) {
            ObjectNode o = JSON.createObjectNode();
            o.put("id", e.id());
            o.put("text", e.text());
            ArrayNode entities = o.putArray("entities");
            for (EntitySpan s : e.entities()) {
                ObjectNode n = entities.addObject();
                n.put("type", s.type());
                n.put("start", s.start());
                n.put("end", s.end());
                n.put("text", s.text());
            }
            out.append(o).append('\n');
        }
        write(file, out.toString());
    }

    /** The expected answer of a NER instruction: the eval-harness answer without its final line break. */
    public static String nerAnswer(NerExample e) {
        return NerPrompt.answer(e).strip();
    }

    public static void writeNerInstructions(Path file, List<NerExample> examples) {
        StringBuilder out = new StringBuilder();
        for (NerExample e : examples) {
            out.append(instruction(NER_INSTRUCTION, e.text(), nerAnswer(e))).append('\n');
        }
        write(file, out.toString());
    }

    public static void writeSummaries(Path file, List<String> ids, List<ClinicalNote> notes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < notes.size(); i++) {
            ObjectNode o = JSON.createObjectNode();
            o.put("id", ids.get(i));
            o.put("text", notes.get(i).text());
            o.put("summary", notes.get(i).summary());
            out.append(o).append('\n');
        }
        write(file, out.toString());
    }

    public static void writeSummaryInstructions(Path file, List<ClinicalNote> notes) {
        StringBuilder out = new StringBuilder();
        for (ClinicalNote n : notes) {
            out.append(instruction(SUMMARY_INSTRUCTION, n.text(), n.summary())).append('\n');
        }
        write(file, out.toString());
    }

    private static ObjectNode instruction(String instruction, String input, String output) {
        ObjectNode o = JSON.createObjectNode();
        o.put("instruction", instruction);
        o.put("input", input);
        o.put("output", output);
        return o;
    }

    public static void writeMmlu(Path file, List<MultipleChoiceQuestion> questions) {
        StringBuilder out = new StringBuilder();
        for (MultipleChoiceQuestion q : questions) {
            out.append(csv(q.question()));
            for (String c : q.choices()) {
                out.append(',').append(csv(c));
            }
            out.append(',').append(q.answerLetter()).append('\n');
        }
        write(file, out.toString());
    }

    private static String csv(String field) {
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
