package io.lorasweep.schemas;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A document broke its contract. Carries every broken rule at once, so a user fixes a spec in one pass
 * instead of one error per attempt.
 */
public class ContractException extends RuntimeException {

    private final List<ValidationError> errors;

    public ContractException(List<ValidationError> errors) {
        super(join(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ContractException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public ContractException(ValidationError error) {
        this(List.of(error));
    }

    public List<ValidationError> errors() {
        return errors;
    }

    static String join(List<ValidationError> errors) {
        return errors.stream().map(ValidationError::toString).collect(Collectors.joining("; "));
    }
}
