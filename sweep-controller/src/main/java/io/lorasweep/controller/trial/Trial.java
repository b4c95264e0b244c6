package io.lorasweep.controller.trial;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A point of the search space and the attempts made at it (a retry keeps the parameters). */
public final class Trial {

    final int id;
    final Map<String, Object> params;
    final List<Attempt> attempts = new ArrayList<>();

    Trial(int id, Map<String, Object> params) {
        this.id = id;
        this.params = Map.copyOf(params);
    }

    public int id() {
        return id;
    }

    public Map<String, Object> params() {
        return params;
    }

    public List<Attempt> attempts() {
        return Collections.unmodifiableList(attempts);
    }

    public Attempt current() {
        return attempts.get(attempts.size() - 1);
    }

    public Attempt attempt(int number) {
        return number >= 1 && number <= attempts.size() ? attempts.get(number - 1) : null;
    }
}
