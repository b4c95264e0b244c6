package io.lorasweep.agent.io;

/** A safetensors file or checkpoint folder that cannot be read as it claims to be; the message names what is wrong. */
public class SafetensorsFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SafetensorsFormatException(String message) {
        super(message);
    }

    public SafetensorsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
