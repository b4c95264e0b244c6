package io.lorasweep.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/** Generators of malformed input: broken bytes, broken syntax, and valid documents with one wrong part. */
final class Fuzz {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ODD = {"", " ", "null", "true", "-1", "0", "1e309", "-0", "NaN", "Infinity",
        "9223372036854775808", "\"\"", "[]", "{}", "\u0000", "\uFFFF", "\uD800", "../../etc/passwd", "' OR 1=1 --",
        "<script>alert(1)</script>", "%s%n", "{{7*7}}", "a".repeat(5000)};

    private Fuzz() {
    }

    /** One malformed body, of one of a dozen kinds. */
    static String body(Random r, String valid) {
        return switch (r.nextInt(12)) {
            case 0 -> randomBytesAsText(r);
            case 1 -> valid.substring(0, r.nextInt(valid.length()));
            case 2, 3, 4 -> mutate(r, valid);
            case 5 -> "[".repeat(2000 + r.nextInt(20000)) + "]".repeat(r.nextInt(3));
            case 6 -> yamlAliasBomb();
            case 7 -> "{\"name\": \"" + "x".repeat(100_000 + r.nextInt(200_000)) + "\"}";
            case 8 -> "name: a\n  bad: indent\n\t- tab: [";
            case 9 -> "{\"name\": 1, \"name\": 2, \"budget\": {\"max_trials\": -5}}";
            case 10 -> ODD[r.nextInt(ODD.length)];
            default -> "{\"value\": " + ODD[r.nextInt(ODD.length)] + ", \"step\": " + ODD[r.nextInt(ODD.length)]
                    + ", \"state\": " + ODD[r.nextInt(ODD.length)] + "}";
        };
    }

    private static String randomBytesAsText(Random r) {
        byte[] bytes = new byte[r.nextInt(2000)];
        r.nextBytes(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String yamlAliasBomb() {
        StringBuilder y = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            y.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                y.append(i == 0 ? "" : ",").append('*').append((char) (c - 1));
            }
            y.append("]\n");
        }
        return y.toString();
    }

    /** The valid document with one node replaced, removed or retyped. */
    private static String mutate(Random r, String valid) {
        try {
            JsonNode root = JSON.readTree(valid);
            List<ObjectNode> objects = new ArrayList<>();
            collect(root, objects);
            ObjectNode target = objects.get(r.nextInt(objects.size()));
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = target.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            String field = names.isEmpty() ? "x" : names.get(r.nextInt(names.size()));
            switch (r.nextInt(4)) {
                case 0 -> target.remove(field);
                case 1 -> target.put(field, ODD[r.nextInt(ODD.length)]);
                case 2 -> target.put(field, r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
                default -> target.set(token(r), JSON.createArrayNode().add(r.nextLong()));
            }
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(JsonNode node, List<ObjectNode> out) {
        if (node instanceof ObjectNode o) {
            out.add(o);
            o.elements().forEachRemaining(child -> collect(child, out));
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(child -> collect(child, out));
        }
    }

    /** A sweep id for a path: the real one, or something odd (URL-encoded, so it reaches the server). */
    static String sweepId(Random r, String real) {
        return r.nextInt(3) == 0 ? real : URLEncoder.encode(ODD[r.nextInt(ODD.length)], StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    static String trialId(Random r) {
        String[] ids = {"0", "1", "-1", "99999999999", "abc", "0x10", "1.5", "%20"};
        return ids[r.nextInt(ids.length)];
    }

    static String token(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(12); i >= 0; i--) {
            s.append((char) ('a' + r.nextInt(26)));
        }
        return s.toString();
    }

    /** A query string of dashboard filters with odd values. */
    static String query(Random r) {
        String[] keys = {"state", "sort", "order", "offset", "limit", "param.rank", "param.learning_rate", "metric",
            "step", "x"};
        StringBuilder q = new StringBuilder("?");
        for (int i = r.nextInt(4); i >= 0; i--) {
            q.append(i == 0 ? "" : "&").append(keys[r.nextInt(keys.length)]).append('=')
                    .append(URLEncoder.encode(ODD[r.nextInt(ODD.length)], StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    static String preview(String body) {
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.length() > 120 ? oneLine.substring(0, 120) + "…" : oneLine;
    }
}
