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
        List<MmluQuestion> questions = new ArrayList<>();
        for (CsvRecord r : CsvReader.parse(content, source)) {
            List<String> f = r.fields();
            if (f.size() == 1 && f.get(0).isEmpty()) {
                continue;
            }
            if (f.size() != FIELDS) {
                throw new IllegalArgumentException(source + ", line " + r.line() + ": expected 6 fields (question, A, "
                        + "B, C, D, answer), got " + f.size());
            }
            String letter = f.get(5).strip();
            int answer = MmluPrompt.LETTERS.indexOf(letter);
            if (answer < 0) {
                throw new IllegalArgumentException(source + ", line " + r.line()
                        + ": answer must be one of A, B, C, D, got '" + f.get(5) + "'");
            }
            questions.add(new MmluQuestion(subject, questions.size(), f.get(0), f.subList(1, 5), answer));
        }
        return questions;
    }
}
