package io.lorasweep.controller.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON-lines protocol of {@code lorasweep sampler}, with two goals. */
class AskTellProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SearchSpace space = new SearchSpace(List.of(Dimension.Numeric.real("x", 0, 1, false)), Map.of());
    // quality (maximised) against cost (minimised)
    private final AskTellProtocol protocol = new AskTellProtocol(
            Samplers.create(space, new boolean[] {false, true}, "tpe", 1L, null, null, false, null), space,
            new boolean[] {false, true});

    private JsonNode call(String request) throws Exception {
        return JSON.readTree(protocol.handle(request));
    }

    @Test
    void everyGoalIsToldAndTheFrontComesBack() throws Exception {
        double[][] told = {{0.8, 2.0}, {0.7, 1.0}, {0.7, 3.0}, {0.9, 4.0}};
        for (int t = 0; t < told.length; t++) {
            assertEquals(t, call("{\"op\":\"ask\"}").get("trial").asInt());
            JsonNode ok = call("{\"op\":\"tell\",\"trial\":" + t + ",\"values\":[" + told[t][0] + "," + told[t][1]
                    + "]}");
            assertTrue(ok.path("ok").asBoolean(), ok.toString());
        }
        call("{\"op\":\"ask\"}");
        call("{\"op\":\"tell\",\"trial\":4,\"state\":\"pruned\"}");
        JsonNode added = call("{\"op\":\"add\",\"params\":{\"x\":0.5},\"values\":[0.95,5.0]}");
        assertEquals(5, added.get("trial").asInt());

        JsonNode front = call("{\"op\":\"front\"}").get("front");
        List<Integer> trials = new ArrayList<>();
        front.forEach(t -> trials.add(t.get("trial").asInt()));
        // trial 2 (0.7 at 3.0) is beaten by 1 (0.7 at 1.0) and by 0 (0.8 at 2.0)
        assertEquals(List.of(0, 1, 3, 5), trials);
        assertEquals(2.0, front.at("/0/values/1").asDouble());
        assertEquals(0.5, front.at("/3/params/x").asDouble());
    }

    @Test
    void earlierTrialsComeOnlyBeforeTheFirstAsk() throws Exception {
        assertTrue(call("{\"op\":\"prior\",\"params\":{\"x\":0.25},\"values\":[0.8,1.0]}").path("ok")
                .asBoolean());
        assertEquals("params.x: must be a number in [0.0, 1.0], got 2",
                call("{\"op\":\"prior\",\"params\":{\"x\":2},\"values\":[0.8,1.0]}").get("error").asText());
        assertEquals(0, call("{\"op\":\"ask\"}").get("trial").asInt(), "this sweep's trials still start at 0");
        assertEquals("trials of earlier sweeps come before this sweep's first trial",
                call("{\"op\":\"prior\",\"params\":{\"x\":0.5},\"values\":[0.8,1.0]}").get("error").asText());
        // an earlier trial is not this sweep's: the front lists only trials told here
        call("{\"op\":\"tell\",\"trial\":0,\"values\":[0.1,9.0]}");
        assertEquals(1, call("{\"op\":\"front\"}").get("front").size());
    }

    @Test
    void aTellWithTheWrongNumberOfValuesSaysSoAndTheTrialStaysOpen() throws Exception {
        call("{\"op\":\"ask\"}");
        JsonNode one = call("{\"op\":\"tell\",\"trial\":0,\"value\":0.5}");
        assertEquals("values: must be an array of 2 finite numbers, one per goal in order (\"value\" is for one goal)",
                one.get("error").asText());
        assertEquals("values: must be an array of 2 finite numbers, one per goal in order, got []",
                call("{\"op\":\"tell\",\"trial\":0,\"values\":[]}").get("error").asText());
        assertEquals("values: must be an array of 2 finite numbers, one per goal in order, got [0.5,1,2]",
                call("{\"op\":\"prior\",\"params\":{\"x\":0.5},\"values\":[0.5,1,2]}").get("error").asText());
        assertEquals("values[1]: must be a finite number",
                call("{\"op\":\"tell\",\"trial\":0,\"values\":[0.5,\"x\"]}").get("error").asText());
        assertTrue(call("{\"op\":\"tell\",\"trial\":0,\"values\":[0.5,1]}").path("ok").asBoolean());
        assertEquals("op must be ask, tell, report, add, front or prior, got \"best\"",
                call("{\"op\":\"best\"}").get("error").asText());
    }
}
