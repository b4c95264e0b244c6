package io.lorasweep.dashboard.ranking;

import io.lorasweep.dashboard.InvalidRequest;
import io.lorasweep.dashboard.store.SweepMeta;
import io.lorasweep.dashboard.store.TrialStates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One page of a sweep's ranking as asked for in the query string:
 * {@code state=complete,pruned}, {@code param.rank=16} (repeat for several values; {@code param.learning_rate=1e-5..1e-4}
 * for a range), {@code sort=objective|cost_usd|param.rank|…}, {@code order=asc|desc}, {@code offset}, {@code limit}.
 * Every value is checked here; anything else is refused with the name of the parameter and the rule.
 */
public record RankingRequest(List<String> states, List<ParameterFilter> filters, SortKey sort, int offset,
                             int limit) {

    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_OFFSET = 10_000_000;
    private static final int MAX_VALUE_LENGTH = 500;
    private static final String PARAM = "param.";

    public RankingRequest {
        states = List.copyOf(states);
        filters = List.copyOf(filters);
    }

    /** Reads and checks the query of a ranking request for {@code sweep}. */
    public static RankingRequest parse(Map<String, List<String>> query, SweepMeta sweep) {
        List<String> states = new ArrayList<>();
        List<ParameterFilter> filters = new ArrayList<>();
        String sortName = null;
        String order = null;
        int offset = 0;
        int limit = DEFAULT_LIMIT;
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            String key = e.getKey();
            List<String> values = e.getValue();
            for (String v : values) {
                if (v.length() > MAX_VALUE_LENGTH) {
                    throw new InvalidRequest(key, "must be at most " + MAX_VALUE_LENGTH + " characters");
                }
                if (v.chars().anyMatch(Character::isISOControl)) {
                    throw new InvalidRequest(key, "must not contain control characters");
                }
            }
            if (key.equals("state")) {
                for (String v : values) {
                    for (String s : v.split(",")) {
                        String state = s.trim();
                        if (state.isEmpty()) {
                            continue;
                        }
                        if (!TrialStates.ALL.contains(state)) {
                            throw new InvalidRequest("state", "must be one of " + String.join(", ", TrialStates.ALL)
                                    + "; got '" + state + "'");
                        }
                        if (!states.contains(state)) {
                            states.add(state);
                        }
                    }
                }
            } else if (key.equals("sort")) {
                sortName = single(key, values);
            } else if (key.equals("order")) {
                order = single(key, values);
                if (!order.equals("asc") && !order.equals("desc")) {
                    throw new InvalidRequest("order", "must be asc or desc; got '" + order + "'");
                }
            } else if (key.equals("offset")) {
                offset = integer(key, single(key, values), 0, MAX_OFFSET);
            } else if (key.equals("limit")) {
                limit = integer(key, single(key, values), 1, MAX_LIMIT);
            } else if (key.startsWith(PARAM)) {
                String name = parameter(key, key.substring(PARAM.length()), sweep);
                filters.add(filter(key, name, values));
            } else {
                throw new InvalidRequest(key, "unknown query parameter; the ranking takes state, param.<name>, sort, "
                        + "order, offset and limit");
            }
        }
        SortKey sort;
        if (sortName == null || sortName.equals("objective")) {
            boolean descending = order == null ? !sweep.minimize() : order.equals("desc");
            sort = new SortKey("objective", null, descending);
        } else if (sortName.startsWith(PARAM)) {
            sort = new SortKey(null, parameter("sort", sortName.substring(PARAM.length()), sweep),
                    "desc".equals(order));
        } else if (SortKey.columnNames().contains(sortName)) {
            sort = new SortKey(sortName, null, "desc".equals(order));
        } else {
            throw new InvalidRequest("sort", "must be one of " + String.join(", ", SortKey.columnNames())
                    + " or param.<name>; got '" + sortName + "'");
        }
        return new RankingRequest(states, filters, sort, offset, limit);
    }

    private static String single(String key, List<String> values) {
        if (values.size() != 1) {
            throw new InvalidRequest(key, "must be given once");
        }
        return values.get(0).trim();
    }

    private static int integer(String key, String text, int min, int max) {
        try {
            int v = Integer.parseInt(text);
            if (v < min || v > max) {
                throw new InvalidRequest(key, "must be between " + min + " and " + max + "; got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidRequest(key, "must be an integer between " + min + " and " + max + "; got '" + text + "'");
        }
    }

    private static String parameter(String field, String name, SweepMeta sweep) {
        if (!sweep.parameters().contains(name)) {
            throw new InvalidRequest(field, "'" + name + "' is not a parameter of this sweep; its parameters are "
                    + (sweep.parameters().isEmpty() ? "none" : String.join(", ", sweep.parameters())));
        }
        return name;
    }

    private static ParameterFilter filter(String key, String name, List<String> values) {
        if (values.size() == 1 && values.get(0).contains("..")) {
            String v = values.get(0);
            int dots = v.indexOf("..");
            String lo = v.substring(0, dots).trim();
            String hi = v.substring(dots + 2).trim();
            Double min = lo.isEmpty() ? null : ParameterFilter.number(lo);
            Double max = hi.isEmpty() ? null : ParameterFilter.number(hi);
            if ((!lo.isEmpty() && min == null) || (!hi.isEmpty() && max == null) || (min == null && max == null)) {
                throw new InvalidRequest(key, "a range must be MIN..MAX with finite numbers (one end may be empty); "
                        + "got '" + v + "'");
            }
            return new ParameterFilter(name, List.of(), min, max);
        }
        List<String> kept = new ArrayList<>();
        for (String v : values) {
            if (!v.isEmpty()) {
                kept.add(v);
            }
        }
        if (kept.isEmpty()) {
            throw new InvalidRequest(key, "must name a value, or a range MIN..MAX");
        }
        return new ParameterFilter(name, kept, null, null);
    }
}
