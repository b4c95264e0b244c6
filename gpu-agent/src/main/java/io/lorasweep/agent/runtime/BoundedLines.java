package io.lorasweep.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Lines from a process or a log, each cut at a bound: a trainer's output is not trusted to end its lines, and one
 * endless line read whole would fill the heap of the process that reads it.
 */
public final class BoundedLines {

    /** Characters kept of one line of a trainer's output or a log; the rest is dropped and the line says so. */
    public static final int MAX_CHARS = 64 * 1024;
    static final String CUT = " [line cut]";

    private BoundedLines() {
    }

    /**
     * Hands every line of {@code stream} (UTF-8, without its end) to {@code onLine}, until the stream ends, each cut
     * at {@code maxChars}.
     */
    public static void forEach(InputStream stream, int maxChars, Consumer<String> onLine) throws IOException {
        try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            boolean cut = false;
            boolean pendingReturn = false;
            char[] buffer = new char[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    char c = buffer[i];
                    if (c == '\n' || c == '\r') {
                        if (c == '\n' && pendingReturn) {
                            pendingReturn = false; // the second half of a \r\n
                            continue;
                        }
                        onLine.accept(cut ? line + CUT : line.toString());
                        line.setLength(0);
                        cut = false;
                        pendingReturn = c == '\r';
                        continue;
                    }
                    pendingReturn = false;
                    if (line.length() < maxChars) {
                        line.append(c);
                    } else {
                        cut = true;
                    }
                }
            }
            if (line.length() > 0 || cut) {
                onLine.accept(cut ? line + CUT : line.toString());
            }
        }
    }

    /** The last {@code count} lines of a file, reading at most its last {@code 4 * MAX_CHARS} bytes. */
    public static List<String> tail(Path file, int count) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            long from = Math.max(0, length - 4L * MAX_CHARS);
            byte[] bytes = new byte[(int) (length - from)];
            f.seek(from);
            f.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            List<String> lines = Arrays.asList(text.split("\r?\n", -1));
            if (from > 0 && !lines.isEmpty()) {
                lines = lines.subList(1, lines.size()); // the first one is a piece of a line
            }
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines = lines.subList(0, lines.size() - 1);
            }
            return lines.subList(Math.max(0, lines.size() - count), lines.size()).stream()
                    .map(l -> l.length() > MAX_CHARS ? l.substring(0, MAX_CHARS) + CUT : l).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
