package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.lorasweep.schemas.Contract;
import io.lorasweep.schemas.ContractException;
import io.lorasweep.schemas.Documents;
import io.lorasweep.schemas.ValidationError;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Bytes on a topic to records and back. Both directions check the message against its JSON Schema: a producer
 * cannot send what a consumer would refuse, and a consumer gets every malformed message as
 * {@link Decoded.Invalid} with a reason naming the field, never as an exception. Unknown fields are ignored
 * (forward compatible within a schema version); another schema_version is refused.
 */
public final class MessageCodec {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private MessageCodec() {
    }

    /**
     * Encodes a {@link TrialAssignment}, {@link TrialEvent}, {@link Control} or {@link DeadLetter} as UTF-8 JSON.
     *
     * @throws ContractException       when the message breaks its schema (e.g. attempt 0, objective NaN)
     * @throws IllegalArgumentException when the object is not a message of these contracts
     */
    public static byte[] encode(Object message) {
        if (message == null) {
            throw new IllegalArgumentException("cannot encode null; a message is a TrialAssignment, TrialEvent, Control or DeadLetter");
        }
        Contract contract = contractOf(message.getClass());
        // the tree is checked and then written, so what the schema sees is exactly what goes on the wire
        JsonNode tree = asWritten(JSON.valueToTree(message));
        List<ValidationError> errors = contract.check(tree);
        if (!errors.isEmpty()) {
            throw new ContractException(errors);
        }
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a message tree always serialises", e);
        }
    }

    /**
     * The tree as its JSON text reads back. Only non-finite doubles differ: JSON has no NaN, so Jackson writes
     * them as the strings "NaN", "Infinity" and "-Infinity", which the schema must see (and refuse) as such.
     */
    private static JsonNode asWritten(JsonNode node) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return TextNode.valueOf(node.asText());
        }
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                field.setValue(asWritten(field.getValue()));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, asWritten(array.get(i)));
            }
        }
        return node;
    }

    /**
     * Decodes bytes as a message of {@code type}: {@link TrialAssignment}, {@link TrialEvent} (or one of its
     * variants), {@link Control} (or a variant) or {@link DeadLetter}. Never throws for bad bytes.
     *
     * @throws IllegalArgumentException when {@code type} is not a message type (a programming error)
     */
    public static <T> Decoded<T> decode(byte[] bytes, Class<T> type) {
        Contract contract = contractOf(type);
        JsonNode tree;
        try {
            tree = Documents.readJson(bytes);
        } catch (ContractException e) {
            return Decoded.Invalid.of(e.errors());
        }
        List<ValidationError> errors = contract.check(tree);
        if (!errors.isEmpty()) {
            return Decoded.Invalid.of(errors);
        }
        Object value;
        try {
            value = JSON.treeToValue(tree, baseType(contract));
        } catch (JsonProcessingException | RuntimeException e) {
            // the schema let through what the records cannot hold: report, never throw at a consumer
            return Decoded.Invalid.of(List.of(ValidationError.atRoot("cannot read the message: " + e.getMessage())));
        }
        if (!type.isInstance(value)) {
            JsonTypeName wanted = type.getAnnotation(JsonTypeName.class);
            String expected = wanted == null ? type.getSimpleName() : wanted.value();
            return Decoded.Invalid.of(List.of(new ValidationError("type",
                    "expected " + expected + " (got \"" + tree.path("type").asText() + "\")")));
        }
        return new Decoded.Ok<>(type.cast(value));
    }

    /**
     * A dead letter for a refused record, stamped now. The payload is kept as text when it is valid UTF-8, as
     * base64 otherwise.
     */
    public static DeadLetter deadLetter(String topic, int partition, long offset, byte[] payload, String reason) {
        if (reason != null && reason.length() > DEAD_LETTER_REASON) { // a reason may quote the refused value
            reason = reason.substring(0, DEAD_LETTER_REASON) + "... (" + reason.length() + " characters)";
        }
        if (payload == null) {
            return new DeadLetter(topic, partition, offset, reason, null, null, 0, null, System.currentTimeMillis());
        }
        byte[] excerpt = payload.length <= DEAD_LETTER_EXCERPT ? payload
                : java.util.Arrays.copyOf(payload, DEAD_LETTER_EXCERPT);
        String text = utf8(excerpt);
        if (text == null && excerpt != payload) { // perhaps only the cut split a character
            text = utf8(java.util.Arrays.copyOf(excerpt, utf8Boundary(excerpt)));
        }
        String base64 = text == null ? Base64.getEncoder().encodeToString(excerpt) : null;
        return new DeadLetter(topic, partition, offset, reason, text, base64, payload.length, sha256(payload),
                System.currentTimeMillis());
    }

    /** The most of a refused record a dead letter keeps; its size and SHA-256 stand for the rest. */
    public static final int DEAD_LETTER_EXCERPT = 16 * 1024;
    private static final int DEAD_LETTER_REASON = 2_000;

    /** The length of the longest prefix that does not end inside a UTF-8 sequence. */
    private static int utf8Boundary(byte[] bytes) {
        int end = bytes.length;
        int back = 0;
        while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1] & 0xC0) == 0x80) {
            back++; // continuation bytes
        }
        int lead = end - back - 1;
        if (lead >= 0 && (bytes[lead] & 0x80) != 0) {
            int length = (bytes[lead] & 0xE0) == 0xC0 ? 2 : (bytes[lead] & 0xF0) == 0xE0 ? 3 : 4;
            if (back + 1 < length) {
                return lead;
            }
        }
        return end;
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Contract contractOf(Class<?> type) {
        if (TrialAssignment.class.isAssignableFrom(type)) {
            return Contract.TRIAL_ASSIGNMENT;
        }
        if (TrialEvent.class.isAssignableFrom(type)) {
            return Contract.TRIAL_EVENT;
        }
        if (Control.class.isAssignableFrom(type)) {
            return Contract.CONTROL;
        }
        if (DeadLetter.class.isAssignableFrom(type)) {
            return Contract.DEAD_LETTER;
        }
        throw new IllegalArgumentException(type.getName() + " is not a message; use TrialAssignment, TrialEvent, Control or DeadLetter");
    }

    private static Class<?> baseType(Contract contract) {
        return switch (contract) {
            case TRIAL_ASSIGNMENT -> TrialAssignment.class;
            case TRIAL_EVENT -> TrialEvent.class;
            case CONTROL -> Control.class;
            case DEAD_LETTER -> DeadLetter.class;
            case SWEEP_SPEC -> throw new IllegalArgumentException("a sweep spec is not a message");
        };
    }
}
