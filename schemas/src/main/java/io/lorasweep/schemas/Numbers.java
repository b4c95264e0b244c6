package io.lorasweep.schemas;

import com.fasterxml.jackson.databind.JsonNode;

/** Number tests on document nodes, in the JSON Schema sense (16.0 is an integer). */
final class Numbers {

    private Numbers() {
    }

    static boolean isNumber(JsonNode node) {
        return node != null && node.isNumber();
    }

    static boolean isWhole(JsonNode node) {
        if (!isNumber(node)) {
            return false;
        }
        if (node.isIntegralNumber()) {
            return true;
        }
        double value = node.doubleValue();
        return Double.isFinite(value) && value == Math.rint(value);
    }
}
