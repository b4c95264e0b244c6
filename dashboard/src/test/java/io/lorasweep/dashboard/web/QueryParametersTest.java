package io.lorasweep.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which query parameters each route takes comes from the shipped OpenAPI document, not from each handler. */
class QueryParametersTest {

    @Test
    void eachDocumentedRouteTakesTheParametersItsEntryLists() throws Exception {
        byte[] doc;
        try (var in = Api.class.getResourceAsStream("/io/lorasweep/dashboard/openapi.json")) {
            doc = in.readAllBytes();
        }
        Map<String, List<String>> q = Api.queryParameters(doc);
        assertEquals(List.of("limit"), q.get("/api/sweeps/:sweep/parallel-coordinates"));
        assertEquals(List.of("points", "attempt"), q.get("/api/sweeps/:sweep/trials/:trial/curves"));
        assertEquals(List.of(), q.get("/api/sweeps/:sweep/trade-off"));
        assertTrue(q.get("/api/sweeps/:sweep/ranking").contains("param."), "param.{name} is a prefix");
        assertTrue(q.keySet().containsAll(List.of("/api/sweeps", "/api/sweeps/:sweep/baseline-table",
                "/api/sweeps/:sweep/importance")), q.keySet().toString());
    }
}
