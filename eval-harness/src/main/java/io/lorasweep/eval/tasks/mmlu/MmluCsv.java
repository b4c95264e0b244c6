package io.lorasweep.eval.tasks.mmlu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads MMLU's release layout: {@code dev/{subject}_dev.csv} and {@code test/{subject}_test.csv}, UTF-8, no header,
 * six fields a row (question, A, B, C, D, answer letter). Blank lines are skipped, as pandas (which the release is
 * usually read with) skips them. Any other malformed row is an error naming the file, the line and the fault.
 */
public final class MmluCsv {

    private static final int FIELDS = 6;

    private MmluCsv() {
    }

    /** The dev and test splits of every subject under {@code root}. */
    public static MmluDataset readFolder(Path root) {
        Path testDir = root.resolve("test");
        if (!Files.isDirectory(testDir)) {
            throw new IllegalArgumentException("MMLU folder " + root + " has no test/ folder (expected "
                    + "test/{subject}_test.csv files and, for few-shot prompts, dev/{subject}_dev.csv)");
        }
        Map<String, List<MmluQuestion>> test = readSplit(testDir, "_test.csv");
        if (test.isEmpty()) {
            throw new IllegalArgumentException("MMLU folder " + testDir + " holds no {subject}_test.csv file");
        }
        Path devDir = root.resolve("dev");
        Map<String, List<MmluQuestion>> dev = Files.isDirectory(devDir) ? readSplit(devDir, "_dev.csv") : Map.of();
        return new MmluDataset(new TreeMap<>(dev), new TreeMap<>(test));
    }

    private static Map<String, List<MmluQuestion>> readSplit(Path dir, String suffix) {
        Map<String, List<MmluQuestion>> bySubject = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(suffix) && name.length() > suffix.length()) {
                    String subject = name.substring(0, name.length() - suffix.length());
                    bySubject.put(subject, read(file, subject));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return bySubject;
    }

    /** The questions of one file. */
    public static List<MmluQuestion> read(Path file, String subject) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return parse(content, file.toString(), subject);
    }

    /** The questions of one file's text; {@code source} names it in errors. */
    public static List<MmluQuestion> parse(String content, String source, String subject) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        List<MmluQuestion> questions = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, CSVFormat.RFC4180)) {
            for (CSVRecord r : parser) {
                if (r.size() == 1 && r.get(0).isEmpty()) {
                    continue;
                }
                if (r.size() != FIELDS) {
                    throw new IllegalArgumentException(source + ", line " + lineAt(text, r.getCharacterPosition())
                            + ": expected 6 fields (question, A, B, C, D, answer), got " + r.size());
                }
                String letter = r.get(5).strip();
                int answer = MmluPrompt.LETTERS.indexOf(letter);
                if (answer < 0) {
                    throw new IllegalArgumentException(source + ", line " + lineAt(text, r.getCharacterPosition())
                            + ": answer must be one of A, B, C, D, got '" + r.get(5) + "'");
                }
                List<String> fields = r.toList();
                questions.add(new MmluQuestion(subject, questions.size(), fields.get(0), fields.subList(1, 5),
                        answer));
            }
        } catch (IOException | UncheckedIOException e) {
            // a mis-split row would quietly corrupt an accuracy: malformed quoting stops the read
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw new IllegalArgumentException(source + ": not RFC 4180 CSV: " + cause.getMessage(), e);
        }
        return questions;
    }

    private static int lineAt(String text, long position) {
        int line = 1;
        for (int i = 0; i < position; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
