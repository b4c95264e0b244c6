package io.lorasweep.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlainMetricPointsTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Values a field of a point may take: valid ones, edge cases, and wrong types. */
    private static final List<JsonNode> VALUES = List.of(
            NODES.textNode("train_loss"), NODES.textNode(""), NODES.textNode("\u00e9"), NODES.numberNode(0),
            NODES.numberNode(-1), NODES.numberNode(7L), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(2.5),
            NODES.numberNode(-0.0), NODES.numberNode(3.0), NODES.numberNode(new BigInteger("99999999999999999999")),
            NODES.numberNode(new BigDecimal("1e400")), NODES.nullNode(), NODES.booleanNode(true), NODES.arrayNode(),
            NODES.objectNode(), NODES.textNode("nan"), NODES.textNode("inf"), NODES.textNode("5"));

    private static final List<String> FIELDS = List.of("name", "step", "value", "at", "non_finite", "extra");

    @Test
    void everyPointTheShortcutVouchesForIsOneTheSchemaAccepts() {
        Random random = new Random(20261124);
        int vouched = 0;
        for (int i = 0; i < 5000; i++) {
            ObjectNode point = NODES.objectNode();
            for (String field : FIELDS) {
                if (random.nextInt(4) != 0) {
                    point.set(field, VALUES.get(random.nextInt(VALUES.size())));
                }
            }
            if (random.nextBoolean()) { // often the plain shape with one field changed, which is where mistakes hide
                point = plainPoint(i);
                String field = FIELDS.get(random.nextInt(FIELDS.size()));
                point.set(field, VALUES.get(random.nextInt(VALUES.size())));
            }
            if (PlainMetricPoints.plain(point)) {
                vouched++;
                ObjectNode event = metrics(1);
                ((ArrayNode) event.get("points")).set(0, point);
                assertEquals(List.of(), Contract.TRIAL_EVENT.check(event), point.toString());
            }
        }
        assertTrue(vouched > 500, "the generator reaches the plain shape often: " + vouched);
    }

    @Test
    void aBadPointDeepInABatchIsReportedAsTheSchemaReportsIt() {
        ObjectNode event = metrics(500);
        ((ObjectNode) event.get("points").get(321)).put("step", -4);
        ((ObjectNode) event.get("points").get(400)).remove("value");
        List<ValidationError> errors = Contract.TRIAL_EVENT.check(event);
        assertEquals(2, errors.size(), errors.toString());
        assertEquals("points[321].step", errors.get(0).path());
        assertEquals("points[400].value", errors.get(1).path());
    }

    @Test
    void theEnvelopeAndTheFirstPointAreStillChecked() {
        ObjectNode event = metrics(500);
        event.put("attempt", 0);
        ((ObjectNode) event.get("points").get(0)).put("name", "");
        List<ValidationError> errors = Contract.TRIAL_EVENT.check(event);
        assertEquals(List.of("attempt", "points[0].name"), errors.stream().map(ValidationError::path).toList());
    }

    @Test
    void theCheckedEventIsNeverChanged() {
        ObjectNode event = metrics(3);
        String before = event.toString();
        JsonNode checked = PlainMetricPoints.needingSchema(event);
        assertEquals(1, checked.get("points").size());
        assertEquals(before, event.toString());
        ObjectNode special = metrics(3);
        ((ObjectNode) special.get("points").get(2)).putNull("value").put("non_finite", "nan");
        assertSame(special, PlainMetricPoints.needingSchema(special));
        assertEquals(List.of(), Contract.TRIAL_EVENT.check(special));
    }

    private static ObjectNode metrics(int points) {
        ObjectNode event = NODES.objectNode().put("schema_version", 1).put("type", "metrics").put("event_id", "e-1")
                .put("sweep_id", "sw-1").put("trial_id", 3).put("attempt", 1).put("at", 1_700_000_000_000L);
        ArrayNode list = event.putArray("points");
        for (int i = 0; i < points; i++) {
            list.add(plainPoint(i));
        }
        return event;
    }

    private static ObjectNode plainPoint(int step) {
        return NODES.objectNode().put("name", "train_loss").put("step", step).put("value", 2.0 / (step + 1))
                .put("at", 1_700_000_000_000L + step);
    }
}
