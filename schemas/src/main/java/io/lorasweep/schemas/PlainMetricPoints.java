package io.lorasweep.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The hot path of the event contract. A metrics event carries hundreds of points and the schema validator costs
 * microseconds per node, so at a million points a second it would cost more than everything else on the path.
 * A point in the plain form an agent sends ({@code name} a non-empty string, {@code step} and {@code at}
 * non-negative integers, {@code value} a number, no {@code non_finite}) is accepted by the schema whatever its
 * other fields; when every point after the first is plain, the schema is run on the envelope and the first point
 * only. Any other point sends the whole event through the schema, so errors are always the schema's own.
 */
final class PlainMetricPoints {

    private PlainMetricPoints() {
    }

    /** The part of a trial event the schema must still see: the event itself, or it with only its first point. */
    static JsonNode needingSchema(JsonNode event) {
        JsonNode points = event.path("points");
        if (!event.isObject() || !points.isArray() || points.size() < 2
                || !"metrics".equals(event.path("type").textValue())) {
            return event;
        }
        for (int i = 1; i < points.size(); i++) {
            if (!plain(points.get(i))) {
                return event;
            }
        }
        ObjectNode envelope = ((ObjectNode) event).objectNode(); // a shallow copy: the event stays untouched
        envelope.setAll((ObjectNode) event);
        envelope.putArray("points").add(points.get(0));
        return envelope;
    }

    /** True only for points the schema's metricPoint definition is certain to accept. */
    static boolean plain(JsonNode point) {
        if (!point.isObject() || point.has("non_finite")) {
            return false;
        }
        JsonNode name = point.get("name");
        JsonNode value = point.get("value");
        return name != null && name.isTextual() && !name.textValue().isEmpty()
                && value != null && value.isNumber()
                && naturalNumber(point.get("step")) && naturalNumber(point.get("at"));
    }

    private static boolean naturalNumber(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 0;
    }
}
