package io.lorasweep.eval.tasks;

import io.lorasweep.stats.Bootstrap;
import io.lorasweep.stats.PairedBootstrap;
import io.lorasweep.stats.PairedDifference;
import io.lorasweep.schemas.messages.EvalResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskResultTest {

    private static final Aggregation MEAN = items -> {
        double s = 0;
        for (ItemScore i : items) {
            s += i.value("acc");
        }
        return Map.of(MetricKey.overall("acc"), s / items.size());
    };

    private static List<ItemScore> items(int n, int correct) {
        List<ItemScore> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(new ItemScore("q" + i, "", Map.of("acc", i < correct ? 1.0 : 0.0), Map.of(), ""));
        }
        return items;
    }

    private static TaskResult result(List<ItemScore> items) {
        return TaskResult.of("mmlu", "m", null, items, MEAN, Bootstrap.defaults(), Map.of());
    }

    @Test
    void pairsItemsByIdWhateverTheirOrder() {
        TaskResult cand = result(items(40, 30));
        List<ItemScore> shuffled = new ArrayList<>(items(40, 20));
        Collections.reverse(shuffled);
        TaskResult base = new TaskResult("mmlu", "base", null, shuffled, List.of(), Map.of(), Aggregation.NOT_STORED);
        PairedDifference d = cand.pairedDifference(base, MetricKey.overall("acc"),
                new PairedBootstrap(Bootstrap.defaults()));
        assertEquals(0.25, d.difference(), 1e-15);
        assertTrue(d.significant());
    }

    @Test
    void differentItemsCannotBePaired() {
        TaskResult cand = result(items(4, 2));
        List<ItemScore> other = new ArrayList<>(items(3, 2));
        other.add(new ItemScore("zz", "", Map.of(), Map.of(), ""));
        TaskResult base = result(other);
        PairedBootstrap test = new PairedBootstrap(Bootstrap.defaults());
        assertEquals("baseline must score the same items: it lacks item 'q3'", assertThrows(
                IllegalArgumentException.class, () -> cand.pairedDifference(base, MetricKey.overall("acc"), test))
                .getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> cand.pairedDifference(result(items(3, 1)), MetricKey.overall("acc"), test));
    }

    @Test
    void namesForGatesAndEvents() {
        TaskResult r = result(items(10, 7));
        assertEquals(Map.of("mmlu/acc", 0.7), r.gateValues());
        EvalResult e = r.toEvalResults().get(0);
        assertEquals("mmlu", e.task());
        assertEquals("", e.label());
        assertEquals(0.7, e.value(), 1e-15);
        assertTrue(e.ciLow() < 0.7 && e.ciHigh() > 0.7);
        assertEquals("task mmlu has no metric f1; it has [acc]",
                assertThrows(IllegalArgumentException.class, () -> r.value("f1")).getMessage());
    }

    @Test
    void promptDiagnosticsFollowTheMetricsAndStayOutOfTheGates() {
        PromptFit fit = new PromptFit(5, 3, 256, 0, 40, 60.5, 90, 100, "with 4 shots, item 'q1' needs 300 tokens");
        TaskResult r = TaskResult.of("mmlu", "m", fit, items(10, 7), MEAN, Bootstrap.defaults(), Map.of());
        assertEquals(5, r.shotsAsked());
        assertEquals(3, r.shotsUsed());
        assertEquals(Map.of("mmlu/acc", 0.7), r.gateValues());
        List<String> names = r.toEvalResults().stream().map(EvalResult::metric).toList();
        assertEquals("acc", names.get(0));
        assertEquals(io.lorasweep.schemas.messages.PromptDiagnostics.NAMES, names.subList(1, names.size()));
        assertEquals(new EvalResult("mmlu", "prompt_tokens_median", "", 60.5, 60.5, 60.5), r.toEvalResults().get(4));
        assertEquals("3 of 5 shots: prompts did not fit", fit.shotsText());
        assertEquals("prompts 40-100 tokens (median 60.5, p95 90) of a 256-token context", fit.lengthsText());
        assertEquals("prompts 40-100 tokens (median 60, p95 89.9) of a 256-token context, 16 kept for the answer",
                new PromptFit(5, 5, 256, 16, 40, 60, 89.89999999999, 100, null).lengthsText());
        assertThrows(IllegalArgumentException.class, () -> new PromptFit(5, 3, 256, 0, 40, 60, 90, 100, null),
                "fewer shots without a reason");
        assertThrows(IllegalArgumentException.class, () -> new PromptFit(5, 5, 256, 200, 40, 60, 90, 100, null),
                "a prompt and its answer longer than the context");
    }

    @Test
    void rejectsDuplicateIds() {
        List<ItemScore> dup = List.of(new ItemScore("a", "", Map.of(), Map.of(), ""),
                new ItemScore("a", "", Map.of(), Map.of(), ""));
        assertThrows(IllegalArgumentException.class, () -> result(dup));
    }
}
