package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A record a consumer refused, with where it came from and why. The original bytes are in {@code payload}
 * when they are valid UTF-8 (the usual case: readable in any tool), else base64 in {@code payloadBase64};
 * both are null for a null record value. Build with {@link MessageCodec#deadLetter}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeadLetter(
        String sourceTopic,
        int partition,
        long offset,
        String reason,
        String payload,
        String payloadBase64,
        long at) implements Message {

    /** The original bytes, or null for a null record value. */
    public byte[] payloadBytes() {
        if (payload != null) {
            return payload.getBytes(StandardCharsets.UTF_8);
        }
        return payloadBase64 == null ? null : Base64.getDecoder().decode(payloadBase64);
    }
}
