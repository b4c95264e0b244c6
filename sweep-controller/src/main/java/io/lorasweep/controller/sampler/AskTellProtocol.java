package io.lorasweep.controller.sampler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorasweep.stats.ParetoFront;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sampler driven by JSON requests, one per line, each answered by one JSON line: the protocol of
 * {@code lorasweep sampler}, for benchmarks and for comparing samplers.
 *
 * <pre>
 * {"op":"ask"}                                  → {"trial":0,"params":{...}}
 * {"op":"tell","trial":0,"value":1.5}           → {"ok":true}
 * {"op":"tell","trial":0,"values":[0.8,0.2]}    → {"ok":true}     (one value per objective)
 * {"op":"tell","trial":0,"state":"failed"}      → {"ok":true}     (state: complete, pruned, failed)
 * {"op":"report","trial":0,"step":3,"value":2}  → {"ok":true}     (an intermediate value)
 * {"op":"add","params":{...},"value":2.0}       → {"ok":true,"trial":7}
 * {"op":"front"}                                → {"front":[{"trial":3,"values":[...],"params":{...}}, ...]}
 * {"op":"prior","params":{...},"value":2.0}     → {"ok":true}     (a trial of an earlier sweep: a warm start,
 *                                                                   only before the first ask or add)
 * anything else                                 → {"error":"..."}
 * </pre>
 *
 * <p>{@code front} lists the complete trials no other complete trial matches or beats in every goal (with one goal,
 * the best value's trials), by trial number.
 */
public final class AskTellProtocol {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sampler sampler;
    private final SearchSpace space;
    private final boolean[] minimize;
    private final Map<Integer, TrialState> states = new LinkedHashMap<>();
    private final Map<Integer, Map<String, Object>> params = new LinkedHashMap<>();
    private final Map<Integer, double[]> values = new LinkedHashMap<>();
    private int next;

    /** @param minimize per goal, whether it is minimised */
    public AskTellProtocol(Sampler sampler, SearchSpace space, boolean[] minimize) {
        this.sampler = sampler;
        this.space = space;
        this.minimize = minimize.clone();
    }

    /** The answer to one request line (never throws). */
    public String handle(String line) {
        try {
            JsonNode request;
            try {
                request = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                return error("not JSON: " + e.getOriginalMessage());
            }
            if (request == null || !request.isObject()) {
                return error("a request is a JSON object with an \"op\"");
            }
            String op = request.path("op").asText("");
            return switch (op) {
                case "ask" -> ask();
                case "tell" -> tell(request);
                case "report" -> report(request);
                case "add" -> add(request);
                case "front" -> front();
                case "prior" -> prior(request);
                default -> error("op must be ask, tell, report, add, front or prior, got \"" + op + "\"");
            };
        } catch (RuntimeException e) {
            return error(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private String ask() throws RuntimeException {
        int trial = next;
        Map<String, Object> params = sampler.ask(trial);
        next++;
        states.put(trial, TrialState.RUNNING);
        this.params.put(trial, params);
        ObjectNode out = JSON.createObjectNode();
        out.put("trial", trial);
        out.set("params", JSON.valueToTree(params));
        return out.toString();
    }

    private String tell(JsonNode request) {
        int trial = runningTrial(request);
        String stateName = request.path("state").asText("complete").toUpperCase(Locale.ROOT);
        TrialState state;
        try {
            state = TrialState.valueOf(stateName);
        } catch (IllegalArgumentException e) {
            return error("state must be complete, pruned or failed, got \"" + request.path("state").asText() + "\"");
        }
        if (state == TrialState.RUNNING) {
            return error("state must be complete, pruned or failed, got \"running\"");
        }
        double[] told = state == TrialState.COMPLETE ? objectiveValues(request) : null;
        sampler.tell(trial, state, told);
        states.put(trial, state);
        if (told != null) {
            values.put(trial, told);
        }
        return ok(null);
    }

    private String report(JsonNode request) {
        int trial = runningTrial(request);
        JsonNode step = request.get("step");
        if (step == null || !step.canConvertToLong() || step.asLong() < 0) {
            throw new IllegalArgumentException("step: must be an integer >= 0");
        }
        sampler.report(trial, step.asLong(), finiteNumber(request, "value"));
        return ok(null);
    }

    private String add(JsonNode request) {
        JsonNode paramsNode = request.get("params");
        if (paramsNode == null || !paramsNode.isObject()) {
            throw new IllegalArgumentException("params: must be an object of parameter values");
        }
        Map<String, Object> params = JSON.convertValue(paramsNode, Map.class);
        checkParams(params);
        String stateName = request.path("state").asText("complete").toUpperCase(Locale.ROOT);
        TrialState state = TrialState.valueOf(stateName);
        double[] values = state == TrialState.COMPLETE ? objectiveValues(request) : null;
        int trial = next;
        sampler.add(trial, params, state, values);
        next++;
        states.put(trial, state);
        this.params.put(trial, params);
        if (values != null) {
            this.values.put(trial, values);
        }
        return ok(trial);
    }

    private String prior(JsonNode request) {
        JsonNode paramsNode = request.get("params");
        if (paramsNode == null || !paramsNode.isObject()) {
            throw new IllegalArgumentException("params: must be an object of parameter values");
        }
        Map<String, Object> params = JSON.convertValue(paramsNode, Map.class);
        checkParams(params);
        sampler.warmStart(params, objectiveValues(request));
        return ok(null);
    }

    private String front() {
        List<Integer> trials = new ArrayList<>(values.keySet());
        boolean[] onFront = ParetoFront.onFront(values.values().toArray(double[][]::new), minimize);
        ArrayNode front = JSON.createArrayNode();
        for (int i = 0; i < onFront.length; i++) {
            if (onFront[i]) {
                ObjectNode t = front.addObject();
                t.put("trial", trials.get(i));
                ArrayNode v = t.putArray("values");
                for (double x : values.get(trials.get(i))) {
                    v.add(x);
                }
                t.set("params", JSON.valueToTree(params.get(trials.get(i))));
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("front", front);
        return out.toString();
    }

    /** Every active parameter present and inside its range; no unknown ones. */
    private void checkParams(Map<String, Object> params) {
        for (String name : params.keySet()) {
            if (space.dimension(name) == null && !space.constants().containsKey(name)) {
                throw new IllegalArgumentException("params." + name + ": not a parameter of the search space");
            }
        }
        for (Dimension d : space.dimensions()) {
            if (space.active(d, params) && params.get(d.name()) == null) {
                throw new IllegalArgumentException("params." + d.name() + ": is required");
            }
        }
        space.outside(params).ifPresent(problem -> {
            throw new IllegalArgumentException("params." + problem);
        });
    }

    private int runningTrial(JsonNode request) {
        JsonNode t = request.get("trial");
        if (t == null || !t.canConvertToInt()) {
            throw new IllegalArgumentException("trial: must be the integer an ask returned");
        }
        int trial = t.asInt();
        TrialState state = states.get(trial);
        if (state == null) {
            throw new IllegalArgumentException("trial " + trial + " was never asked");
        }
        if (state != TrialState.RUNNING) {
            throw new IllegalArgumentException("trial " + trial + " already ended as " + state.name().toLowerCase(Locale.ROOT));
        }
        return trial;
    }

    /** {@code "values"}: one finite number per goal, in order; or, with one goal, {@code "value"}: its number. */
    private double[] objectiveValues(JsonNode request) {
        JsonNode values = request.get("values");
        String expected = "values: must be an array of " + minimize.length + " finite numbers, one per goal in order";
        if (values == null) {
            if (minimize.length > 1) {
                throw new IllegalArgumentException(expected + " (\"value\" is for one goal)");
            }
            return new double[] {finiteNumber(request, "value")};
        }
        if (!values.isArray() || values.size() != minimize.length) {
            throw new IllegalArgumentException(expected + ", got " + values);
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = values.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw new IllegalArgumentException("values[" + i + "]: must be a finite number");
            }
            out[i] = v.asDouble();
        }
        return out;
    }

    private static double finiteNumber(JsonNode request, String field) {
        JsonNode v = request.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new IllegalArgumentException(field + ": must be a finite number");
        }
        return v.asDouble();
    }

    private static String ok(Integer trial) {
        ObjectNode out = JSON.createObjectNode();
        out.put("ok", true);
        if (trial != null) {
            out.put("trial", trial);
        }
        return out.toString();
    }

    private static String error(String message) {
        ObjectNode out = JSON.createObjectNode();
        out.put("error", message);
        return out.toString();
    }
}
