package io.lorasweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SeqevalCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exitCode, List<String> lines, String err) {
    }

    private static Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SeqevalCommand command = new SeqevalCommand(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out);
        StringWriter err = new StringWriter();
        int code = new CommandLine(command).setErr(new PrintWriter(err)).execute(args);
        String text = out.toString(StandardCharsets.UTF_8);
        return new Run(code, text.isEmpty() ? List.of() : List.of(text.split("\n")), err.toString());
    }

    private static JsonNode json(String line) throws Exception {
        return JSON.readTree(line);
    }

    @Test
    void readmeExampleOneLineInOneLineOut() throws Exception {
        Run r = run("{\"y_true\": [[\"O\",\"O\",\"O\",\"B-MISC\",\"I-MISC\",\"I-MISC\",\"O\"],[\"B-PER\",\"I-PER\",\"O\"]],"
                + " \"y_pred\": [[\"O\",\"O\",\"B-MISC\",\"I-MISC\",\"I-MISC\",\"I-MISC\",\"O\"],[\"B-PER\",\"I-PER\",\"O\"]]}\n");
        assertEquals(0, r.exitCode());
        assertEquals(1, r.lines().size());
        JsonNode o = json(r.lines().get(0));
        assertEquals(0.5, o.get("f1").asDouble(), 0.0);
        assertEquals(0.5, o.get("precision").asDouble(), 0.0);
        assertEquals(2, o.get("support").asInt());
        assertEquals(0.0, o.at("/per_type/MISC/f1").asDouble(), 0.0);
        assertEquals(1, o.at("/per_type/PER/support").asInt());
        assertEquals(0.5, o.at("/macro/recall").asDouble(), 0.0);
        assertEquals(2, o.at("/weighted/support").asInt());
        assertEquals(List.of("precision", "recall", "f1", "support", "per_type", "macro", "weighted"),
                iterable(o.fieldNames()));
    }

    @Test
    void errorsDoNotStopTheLoopAndBlankLinesAreSkipped() throws Exception {
        String input = String.join("\n",
                "{\"y_true\": [[\"B-X\"]], \"y_pred\": [[\"B-X\"]]}",
                "",
                "   ",
                "{not json",
                "{\"y_true\": [[\"B-X\"]], \"y_pred\": [[\"B-X\", \"O\"]]}",
                "{\"y_true\": [\"B-X\"], \"y_pred\": [\"B-X\"]}",
                "{\"y_true\": [[\"B-X\"]]}",
                "{\"y_true\": [[1]], \"y_pred\": [[\"O\"]]}",
                "{\"y_true\": [], \"y_pred\": []}",
                "{\"y_true\": [[\"O\"]], \"y_pred\": [[\"O\"]]}") + "\n";
        Run r = run(input);
        assertEquals(0, r.exitCode());
        assertEquals(8, r.lines().size(), r.lines().toString());
        assertEquals(1.0, json(r.lines().get(0)).get("f1").asDouble(), 0.0);
        assertTrue(json(r.lines().get(1)).get("error").asText().startsWith("malformed JSON line"));
        assertEquals("Found input variables with inconsistent numbers of samples:\n[1]\n[2]",
                json(r.lines().get(2)).get("error").asText());
        assertTrue(json(r.lines().get(3)).get("error").asText().startsWith("Found input variables without list of list."));
        assertTrue(json(r.lines().get(4)).get("error").asText().contains("y_pred"));
        assertTrue(json(r.lines().get(5)).get("error").asText().contains("Tags must be strings"));
        assertEquals("Found input variables without list of list.", json(r.lines().get(6)).get("error").asText());
        JsonNode none = json(r.lines().get(7));
        assertEquals(0.0, none.get("f1").asDouble(), 0.0);
        assertTrue(none.at("/macro/f1").isNull(), "NaN macro is written as null");
        assertEquals(0, none.at("/per_type").size());
    }

    @Test
    void strictModeWithScheme() throws Exception {
        String input = "{\"y_true\": [[\"B-NP\",\"I-NP\",\"O\"]], \"y_pred\": [[\"I-NP\",\"I-NP\",\"O\"]]}\n"
                + "{\"y_true\": [[\"B-NP\",\"E-NP\"]], \"y_pred\": [[\"B-NP\",\"I-NP\"]]}\n";
        Run strict = run(input, "--mode", "strict", "--scheme", "IOB2");
        assertEquals(0, strict.exitCode());
        assertEquals(0.0, json(strict.lines().get(0)).get("f1").asDouble(), 0.0);
        assertEquals("Invalid token is found: E-NP. Allowed prefixes are: I|O|B.",
                json(strict.lines().get(1)).get("error").asText());
        Run lenient = run(input);
        assertEquals(1.0, json(lenient.lines().get(0)).get("f1").asDouble(), 0.0);
        // default mode reads both B-NP E-NP and B-NP I-NP as the same chunk
        assertEquals(1.0, json(lenient.lines().get(1)).get("f1").asDouble(), 0.0);
    }

    @Test
    void strictWithoutSchemeIsAUsageError() {
        Run r = run("", "--mode", "strict");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--mode strict requires --scheme"), r.err());
        assertEquals(2, run("", "--scheme", "IOB2").exitCode());
        assertEquals(2, run("", "--mode", "strict", "--scheme", "BIO").exitCode());
        assertEquals(2, run("", "--mode", "lenient").exitCode());
        assertEquals(0, run("", "--mode", "STRICT", "--scheme", "bilou").exitCode());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
