package io.lorasweep.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** How values and kinds of value read inside an error message. */
final class Words {

    private Words() {
    }

    /** A value as the user wrote it: strings quoted, numbers without needless exponents. */
    static String show(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "\"" + node.textValue() + "\"";
        }
        if (node.isNumber()) {
            return number(node.doubleValue(), node);
        }
        if (node.isArray()) {
            return StreamSupport.stream(node.spliterator(), false).map(Words::show)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        return node.toString();
    }

    private static String number(double value, JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        double magnitude = Math.abs(value);
        return magnitude >= 1e-6 && magnitude < 1e15 ? BigDecimal.valueOf(value).toPlainString() : Double.toString(value);
    }

    /** What the user gave, for "(got ...)": scalars by value, containers by kind. */
    static String got(JsonNode node) {
        if (node != null && node.isArray()) {
            return "a list";
        }
        if (node != null && node.isObject()) {
            return "an object";
        }
        return show(node);
    }

    /** A JSON Schema type name as a phrase: "integer" reads "an integer". */
    static String typePhrase(String type) {
        return switch (type) {
            case "integer" -> "an integer";
            case "array" -> "a list";
            case "object" -> "an object";
            case "boolean" -> "true or false";
            case "null" -> "null";
            default -> "a " + type;
        };
    }

    /** "a, b or c". */
    static String either(Collection<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        var list = items.stream().toList();
        return String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
    }

    /** The candidate a typo most likely meant, if one is close enough to be a fair guess. */
    static Optional<String> closest(String typo, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(typo.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(1, typo.length() / 3);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance, with a swap of neighbours counted as one edit (a common typo). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
