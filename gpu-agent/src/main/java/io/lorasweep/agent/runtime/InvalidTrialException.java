package io.lorasweep.agent.runtime;

/**
 * A trial whose inputs cannot work as assigned: malformed data, an unknown target module, a model that does not
 * match its config. The agent reports it as {@code invalid}, which the controller does not retry: every attempt
 * would fail the same way and pay for the device to find out.
 */
final class InvalidTrialException extends RuntimeException {

    InvalidTrialException(String what, RuntimeException cause) {
        super(what + ": " + cause.getMessage(), cause);
    }
}
