package io.lorasweep.dashboard;

/** Something named in the path (a sweep, a trial) is not on record: the API answers 404 with this message. */
public final class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}
