package io.lorasweep.schemas.messages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorasweep.schemas.ContractException;
import io.lorasweep.schemas.spec.Dataset;
import io.lorasweep.schemas.spec.EvalTask;
import io.lorasweep.schemas.spec.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long AT = 1_760_000_000_000L;
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    static final TrialAssignment ASSIGNMENT = new TrialAssignment("sweep-1", 3, 1, "lease-7", params(),
            "models/tiny", new Dataset("train.jsonl", "eval.jsonl", null),
            List.of(new EvalTask("clinical-ner", EvalTask.Type.NER, "eval.jsonl", null, List.of("MEDICATION", "DOSAGE"), null)),
            AT, 30_000, "eval_loss");
    static final TrialAssignment COMMAND_ASSIGNMENT = new TrialAssignment("sweep-1", 4, 1, "lease-8",
            Map.of("epochs", 1, "lora_r", 8), "models/tiny", new Dataset("train.jsonl", "eval.jsonl", null),
            ASSIGNMENT.tasks(), AT, 30_000, "eval_loss", 5,
            new Trainer(List.of("python3", "train.py", "--epochs", "1"), 120));
    /** Trains on the data of its NER task, rendered with the task's prompt. */
    static final TrialAssignment TASK_ASSIGNMENT = new TrialAssignment("sweep-2", 0, 1, "lease-9", params(),
            "models/tiny", Dataset.ofTask("clinical-ner"), ASSIGNMENT.tasks(), AT, 30_000, "clinical-ner/f1", 5);
    static final Started STARTED = new Started("e-1", "sweep-1", 3, 1, "agent-a", "cpu", AT);
    static final Heartbeat HEARTBEAT = new Heartbeat("e-2", "sweep-1", 3, 1, "agent-a", AT + 5_000);
    static final MetricsBatch METRICS = new MetricsBatch("e-3", "sweep-1", 3, 1, List.of(
            MetricPoint.of("train/loss", 10, 2.5, AT + 6_000),
            MetricPoint.of("train/loss", 20, Double.NaN, AT + 7_000),
            MetricPoint.of("grad_norm", 20, Double.NEGATIVE_INFINITY, AT + 7_000)), AT + 7_000);
    static final Finished FINISHED = new Finished("e-4", "sweep-1", 3, 1, 0.81, List.of(
            new EvalResult("clinical-ner", "f1", EvalResult.OVERALL, 0.81, 0.78, 0.84),
            new EvalResult("clinical-ner", "f1", "DOSAGE", 0.74, 0.69, 0.79)),
            TrialCost.of("a10g", 1800, 1500, 1.01), "adapters/sweep-1/3-1", SHA, AT + 1_800_000);
    static final Failed FAILED = new Failed("e-5", "sweep-1", 4, 2, "loss became NaN at step 20", Failed.Kind.DIVERGED, AT);
    static final Prune PRUNE = new Prune("sweep-1", 5, 1, "below the median at step 200");
    static final Cancel CANCEL_SWEEP = Cancel.sweep("sweep-1", "user cancelled");
    static final Cancel CANCEL_ATTEMPT = new Cancel("sweep-1", 6, 2, "lease lost");

    private static Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("rank", 16);
        params.put("learning_rate", 2.0e-4);
        params.put("target_modules", List.of("q_proj", "v_proj"));
        params.put("use_dora", false);
        return params;
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of(ASSIGNMENT, TrialAssignment.class),
                Arguments.of(COMMAND_ASSIGNMENT, TrialAssignment.class),
                Arguments.of(TASK_ASSIGNMENT, TrialAssignment.class),
                Arguments.of(STARTED, TrialEvent.class),
                Arguments.of(HEARTBEAT, TrialEvent.class),
                Arguments.of(METRICS, TrialEvent.class),
                Arguments.of(FINISHED, TrialEvent.class),
                Arguments.of(FAILED, TrialEvent.class),
                Arguments.of(PRUNE, Control.class),
                Arguments.of(CANCEL_SWEEP, Control.class),
                Arguments.of(CANCEL_ATTEMPT, Control.class),
                Arguments.of(MessageCodec.deadLetter(Topics.EVENTS, 2, 41, "{\"oops\"".getBytes(StandardCharsets.UTF_8), "bad"),
                        DeadLetter.class));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void everyMessageRoundTrips(Object message, Class<?> type) {
        byte[] bytes = MessageCodec.encode(message);
        assertEquals(new Decoded.Ok<>(message), MessageCodec.decode(bytes, type));
        assertEquals(new Decoded.Ok<>(message), MessageCodec.decode(bytes, message.getClass()));
    }

    @Test
    void wireFormatIsSnakeCaseWithTypeAndVersion() {
        assertEquals("{\"type\":\"started\",\"event_id\":\"e-1\",\"sweep_id\":\"sweep-1\",\"trial_id\":3,\"attempt\":1,"
                        + "\"agent_id\":\"agent-a\",\"device\":\"cpu\",\"at\":1760000000000,\"schema_version\":1}",
                new String(MessageCodec.encode(STARTED), StandardCharsets.UTF_8));
        assertEquals("{\"type\":\"cancel\",\"sweep_id\":\"sweep-1\",\"reason\":\"user cancelled\",\"schema_version\":1}",
                new String(MessageCodec.encode(CANCEL_SWEEP), StandardCharsets.UTF_8));
    }

    @Test
    void nonFiniteMetricValuesTravelAsNonFinite() throws IOException {
        ObjectNode tree = (ObjectNode) JSON.readTree(MessageCodec.encode(METRICS));
        assertEquals("{\"name\":\"train/loss\",\"step\":20,\"non_finite\":\"nan\",\"at\":1760000007000}",
                tree.get("points").get(1).toString());
        MetricsBatch decoded = (MetricsBatch) MessageCodec.decode(MessageCodec.encode(METRICS), TrialEvent.class).orElseThrow();
        assertTrue(Double.isNaN(decoded.points().get(1).asDouble()));
        assertEquals(Double.NEGATIVE_INFINITY, decoded.points().get(2).asDouble());
        assertEquals(2.5, decoded.points().get(0).asDouble());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not JSON", TrialEvent.class, bytes("not json"),
                        "(root): malformed JSON at line 1, column 5: Unrecognized token 'not': was expecting "
                                + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
                Arguments.of("empty bytes", TrialEvent.class, new byte[0], "(root): empty payload"),
                Arguments.of("null bytes", Control.class, null, "(root): no payload (null)"),
                Arguments.of("invalid UTF-8", TrialEvent.class, new byte[] {0x7b, (byte) 0xff, 0x7d},
                        "(root): malformed JSON at line 1, column 3: Invalid UTF-8 start byte 0xff"),
                Arguments.of("JSON array", TrialAssignment.class, bytes("[1, 2]"), "(root): must be an object (got a list)"),
                Arguments.of("JSON string", TrialEvent.class, bytes("\"started\""), "(root): must be an object (got \"started\")"),
                Arguments.of("missing trial_id", TrialAssignment.class, mutate(ASSIGNMENT, m -> m.remove("trial_id")),
                        "trial_id: is required"),
                Arguments.of("negative attempt", TrialEvent.class, mutate(STARTED, m -> m.put("attempt", -1)),
                        "attempt: must be at least 1 (got -1)"),
                Arguments.of("dataset of neither files nor task", TrialAssignment.class,
                        mutate(TASK_ASSIGNMENT, m -> ((ObjectNode) m.get("dataset")).remove("task")),
                        "dataset.train: is required; dataset.eval: is required"),
                Arguments.of("zero lease", TrialAssignment.class, mutate(ASSIGNMENT, m -> m.put("lease_ms", 0)),
                        "lease_ms: must be greater than 0 (got 0)"),
                Arguments.of("empty trainer command", TrialAssignment.class,
                        mutate(COMMAND_ASSIGNMENT, m -> ((ObjectNode) m.get("trainer")).putArray("command")),
                        "trainer.command: must be a non-empty list"),
                Arguments.of("empty program", TrialAssignment.class,
                        mutate(COMMAND_ASSIGNMENT, m -> ((ObjectNode) m.get("trainer")).putArray("command").add("")),
                        "trainer.command[0]: must not be empty"),
                Arguments.of("unknown event type", TrialEvent.class, mutate(STARTED, m -> m.put("type", "exploded")),
                        "type: must be one of started, heartbeat, metrics, finished, failed, baseline, items (got \"exploded\")"),
                Arguments.of("missing type", TrialEvent.class, mutate(STARTED, m -> m.remove("type")), "type: is required"),
                Arguments.of("wrong schema_version", TrialEvent.class, mutate(HEARTBEAT, m -> m.put("schema_version", 2)),
                        "schema_version: unsupported schema version 2; this build reads version 1"),
                Arguments.of("no schema_version", Control.class, mutate(PRUNE, m -> m.remove("schema_version")),
                        "schema_version: is required"),
                Arguments.of("string for a number", TrialEvent.class, mutate(STARTED, m -> m.put("trial_id", "7")),
                        "trial_id: must be an integer (got \"7\")"),
                Arguments.of("trial id beyond int", TrialEvent.class, mutate(STARTED, m -> m.put("trial_id", 3_000_000_000L)),
                        "trial_id: must be at most 2147483647 (got 3000000000)"),
                Arguments.of("variant field missing", TrialEvent.class, mutate(STARTED, m -> m.remove("device")),
                        "device: is required"),
                Arguments.of("empty metrics", TrialEvent.class, mutate(METRICS, m -> m.putArray("points")),
                        "points: must be a non-empty list"),
                Arguments.of("metric without value", TrialEvent.class,
                        mutate(METRICS, m -> ((ObjectNode) m.get("points").get(0)).remove("value")),
                        "points[0].value: is required"),
                Arguments.of("metric value and non_finite", TrialEvent.class,
                        mutate(METRICS, m -> ((ObjectNode) m.get("points").get(1)).put("value", 1.0)),
                        "points[1].value: must be null or absent when non_finite is given"),
                Arguments.of("bad sha", TrialEvent.class, mutate(FINISHED, m -> m.put("adapter_sha256", "ABC")),
                        "adapter_sha256: must be 64 lowercase hex digits (a SHA-256)"),
                Arguments.of("eval without label", TrialEvent.class,
                        mutate(FINISHED, m -> ((ObjectNode) m.get("evals").get(0)).remove("label")),
                        "evals[0].label: is required"),
                Arguments.of("unknown failure kind", TrialEvent.class, mutate(FAILED, m -> m.put("kind", "oom")),
                        "kind: must be one of error, invalid, diverged, lost, cancelled, pruned (got \"oom\")"),
                Arguments.of("prune without attempt", Control.class, mutate(PRUNE, m -> m.remove("attempt")),
                        "attempt: is required"),
                Arguments.of("cancel of an attempt without trial", Control.class, mutate(CANCEL_ATTEMPT, m -> m.remove("trial_id")),
                        "trial_id: is required when attempt is given"),
                Arguments.of("unknown control type", Control.class, mutate(PRUNE, m -> m.put("type", "pause")),
                        "type: must be one of prune, cancel (got \"pause\")"),
                Arguments.of("two errors", TrialEvent.class, mutate(STARTED, m -> {
                    m.remove("event_id");
                    m.put("attempt", 0);
                }), "event_id: is required; attempt: must be at least 1 (got 0)"),
                Arguments.of("another variant than asked", Started.class, MessageCodec.encode(HEARTBEAT),
                        "type: expected started (got \"heartbeat\")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedMessagesAreInvalidWithAReason(String what, Class<?> type, byte[] bytes, String reason) {
        Decoded<?> decoded = MessageCodec.decode(bytes, type);
        Decoded.Invalid<?> invalid = assertInstanceOf(Decoded.Invalid.class, decoded);
        assertEquals(reason, invalid.reason());
        assertEquals(reason, String.join("; ", invalid.errors().stream().map(Object::toString).toList()));
    }

    @Test
    void unknownFieldsAreIgnoredWithinAVersion() {
        byte[] bytes = mutate(FINISHED, m -> {
            m.put("gpu_temperature", 71);
            ((ObjectNode) m.get("cost")).put("currency", "USD");
        });
        assertEquals(new Decoded.Ok<>(FINISHED), MessageCodec.decode(bytes, TrialEvent.class));
    }

    @Test
    void encodeRefusesWhatAConsumerWouldRefuse() {
        Started zeroAttempt = new Started("e-1", "sweep-1", 3, 0, "agent-a", "cpu", AT);
        assertEquals("attempt: must be at least 1 (got 0)",
                assertThrows(ContractException.class, () -> MessageCodec.encode(zeroAttempt)).getMessage());
        Finished nanObjective = new Finished("e-4", "sweep-1", 3, 1, Double.NaN, List.of(),
                TrialCost.of("cpu", 1, 1, 0), "adapters/x", SHA, AT);
        assertEquals("objective: must be a number (got \"NaN\")",
                assertThrows(ContractException.class, () -> MessageCodec.encode(nanObjective)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.encode("a string"));
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.decode(new byte[0], String.class));
    }

    @Test
    void deadLettersKeepTextAsTextAndBytesAsBase64() {
        byte[] text = "{\"type\":\"started\"".getBytes(StandardCharsets.UTF_8);
        DeadLetter readable = MessageCodec.deadLetter(Topics.EVENTS, 0, 7, text, "type: is required");
        assertEquals("{\"type\":\"started\"", readable.payload());
        assertNull(readable.payloadBase64());
        assertArrayEquals(text, readable.excerptBytes());

        byte[] binary = {(byte) 0xff, 0x00, 0x10};
        DeadLetter opaque = MessageCodec.deadLetter(Topics.TRIALS, 1, 8, binary, "not JSON");
        assertNull(opaque.payload());
        assertEquals("/wAQ", opaque.payloadBase64());
        assertArrayEquals(binary, opaque.excerptBytes());
        assertEquals(new Decoded.Ok<>(opaque), MessageCodec.decode(MessageCodec.encode(opaque), DeadLetter.class));

        assertEquals(3, opaque.payloadSize());
        assertEquals(64, opaque.payloadSha256().length());

        DeadLetter tombstone = MessageCodec.deadLetter(Topics.CONTROL, 0, 9, null, "no payload");
        assertNull(tombstone.excerptBytes());
        assertEquals(new Decoded.Ok<>(tombstone), MessageCodec.decode(MessageCodec.encode(tombstone), DeadLetter.class));
    }

    @Test
    void cancelCoversWhatItNames() {
        assertTrue(CANCEL_SWEEP.covers("sweep-1", 9, 3));
        assertTrue(Cancel.trial("sweep-1", 6, "x").covers("sweep-1", 6, 4));
        assertTrue(CANCEL_ATTEMPT.covers("sweep-1", 6, 2));
        assertEquals(false, CANCEL_ATTEMPT.covers("sweep-1", 6, 3));
        assertThrows(IllegalArgumentException.class, () -> new Cancel("sweep-1", null, 2, "x"));
    }

    @Test
    void eventsNameTheirType() {
        assertEquals(List.of("started", "heartbeat", "metrics", "finished", "failed"),
                Stream.of(STARTED, HEARTBEAT, METRICS, FINISHED, FAILED).map(TrialEvent::typeName).toList());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The message's JSON, changed. */
    private static byte[] mutate(Object message, Consumer<ObjectNode> change) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(MessageCodec.encode(message));
            change.accept(tree);
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A dead letter stays small whatever it holds: the first 16 KiB, and the whole's size and digest. */
    @Test
    void aDeadLetterOfAHugeRecordKeepsAnExcerptItsSizeAndItsDigest() throws Exception {
        byte[] huge = ("{\"note\": \"x" + "é".repeat(600_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = MessageCodec.deadLetter(Topics.EVENTS, 2, 11, huge, "type: is required");
        assertEquals(huge.length, letter.payloadSize());
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(huge)), letter.payloadSha256());
        // cut at a character boundary, so still text: the 2-byte é would otherwise be split
        assertNull(letter.payloadBase64());
        byte[] excerpt = letter.excerptBytes();
        assertTrue(excerpt.length > MessageCodec.DEAD_LETTER_EXCERPT - 4 && excerpt.length <= MessageCodec.DEAD_LETTER_EXCERPT,
                "excerpt of " + excerpt.length + " bytes");
        assertArrayEquals(java.util.Arrays.copyOf(huge, excerpt.length), excerpt);
        byte[] encoded = MessageCodec.encode(letter);
        assertTrue(encoded.length < 64 * 1024, "dead letter of " + encoded.length + " bytes");
        assertEquals(new Decoded.Ok<>(letter), MessageCodec.decode(encoded, DeadLetter.class));
    }
}
