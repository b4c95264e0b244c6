package io.lorasweep.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPlainProblemHasTheRfc9457Members() throws Exception {
        JsonNode p = JSON.readTree(Problem.of(409, "sweep s1 is finished").toJson());
        assertEquals("about:blank", p.get("type").asText());
        assertEquals("Conflict", p.get("title").asText());
        assertEquals(409, p.get("status").asInt());
        assertEquals("sweep s1 is finished", p.get("detail").asText());
        assertFalse(p.has("errors"), "no rule was broken");
    }

    @Test
    void anInvalidRequestListsEachBrokenRule() throws Exception {
        JsonNode p = JSON.readTree(Problem.invalid(List.of(new ValidationError("parameters.rank.values",
                "must not be empty"), new ValidationError("budget.max_trials", "must be >= 1"))).toJson());
        assertEquals(400, p.get("status").asInt());
        assertEquals("invalid request: 2 problems: parameters.rank.values: must not be empty; budget.max_trials: "
                + "must be >= 1", p.get("detail").asText());
        assertEquals("budget.max_trials", p.get("errors").get(1).get("path").asText());
        assertEquals("must be >= 1", p.get("errors").get(1).get("message").asText());
        assertEquals("sweep: too long", Problem.invalid(List.of(new ValidationError("sweep", "too long"))).detail());
    }

    @Test
    void onlyErrorStatuses() {
        assertThrows(IllegalArgumentException.class, () -> Problem.of(200, "fine"));
    }
}
