package io.lorasweep.eval.metrics.seqeval;

/**
 * An input seqeval would refuse by raising. The message says what seqeval's error says;
 * {@link #pythonError()} names the Python exception seqeval raises ({@code ValueError}, {@code TypeError},
 * {@code KeyError} or {@code IndexError}).
 */
public final class SeqevalException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String pythonError;

    SeqevalException(String pythonError, String message) {
        super(message);
        this.pythonError = pythonError;
    }

    /** The name of the Python exception seqeval raises for the same input. */
    public String pythonError() {
        return pythonError;
    }
}
