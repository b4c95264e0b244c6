package io.lorasweep.schemas.messages;

import io.lorasweep.schemas.ContractException;
import io.lorasweep.schemas.ValidationError;
import java.util.List;
import java.util.stream.Collectors;

/** The outcome of {@link MessageCodec#decode}: the message, or why the bytes are not one. */
public sealed interface Decoded<T> {

    /** A valid message. */
    record Ok<T>(T value) implements Decoded<T> {
    }

    /**
     * Bytes that break the contract; {@code reason} is every error joined by "; ", ready for a dead letter.
     */
    record Invalid<T>(List<ValidationError> errors, String reason) implements Decoded<T> {

        public Invalid {
            errors = List.copyOf(errors);
        }

        static <T> Invalid<T> of(List<ValidationError> errors) {
            return new Invalid<>(errors, errors.stream().map(ValidationError::toString).collect(Collectors.joining("; ")));
        }
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The message. @throws ContractException with the errors when invalid */
    default T orElseThrow() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new ContractException(((Invalid<T>) this).errors());
    }
}
