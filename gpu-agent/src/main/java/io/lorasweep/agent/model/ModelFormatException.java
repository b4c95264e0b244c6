package io.lorasweep.agent.model;

/** A model folder that does not hold the model it claims to; the message names the file and the rule broken. */
public class ModelFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
