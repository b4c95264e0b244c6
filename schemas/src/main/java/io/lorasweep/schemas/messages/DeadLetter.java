package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A record a consumer refused, with where it came from and why. The first {@link MessageCodec#DEAD_LETTER_EXCERPT}
 * bytes of the original are in {@code payload} when they are valid UTF-8 (the usual case: readable in any tool),
 * else base64 in {@code payloadBase64}; both are null for a null record value. {@code payloadSize} and
 * {@code payloadSha256} describe the whole original, so a record near Kafka's size limit makes a small dead letter
 * (one larger than the limit could not be written, and the consumer would stop on it). Build with
 * {@link MessageCodec#deadLetter}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeadLetter(
        String sourceTopic,
        int partition,
        long offset,
        String reason,
        String payload,
        String payloadBase64,
        long payloadSize,
        String payloadSha256,
        long at) implements Message {

    /** The original's first bytes (all of them when {@code payloadSize} is no larger), or null for a null value. */
    public byte[] excerptBytes() {
        if (payload != null) {
            return payload.getBytes(StandardCharsets.UTF_8);
        }
        return payloadBase64 == null ? null : Base64.getDecoder().decode(payloadBase64);
    }
}
