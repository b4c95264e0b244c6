package io.lorasweep.controller.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lorasweep.schemas.SpecCodec;
import io.lorasweep.schemas.spec.SweepSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmStartTest {

    private static SweepSpec spec(String parameters, String objective) {
        return SpecCodec.parseYaml("""
                name: warm
                base_model: m
                dataset: {train: t.jsonl, eval: e.jsonl}
                tasks: [{name: ner, type: ner, data: e.jsonl}]
                parameters: %s
                %s
                sampler: {type: tpe}
                budget: {max_trials: 10, max_parallel: 1}
                warm_start: [sw-old]
                """.formatted(parameters, objective));
    }

    private static final String F1 = "metric: {name: ner/f1, goal: maximize}";
    private final SweepSpec now = spec("{rank: {values: [8, 16, 32]}, learning_rate: {distribution: "
            + "log_uniform_values, min: 1.0e-4, max: 1.0e-2}}", F1);

    private WarmStart.Selection select(SweepSpec earlier, WarmStart.Outcome... trials) {
        return WarmStart.select(now, SearchSpace.fromSpec(now),
                Arrays.asList(new WarmStart.Earlier("sw-old", earlier, List.of(trials))));
    }

    @Test
    void completeTrialsInsideTheSpaceComeInAndTheRestAreCounted() {
        SweepSpec earlier = spec("{rank: {values: [4, 8, 16]}, learning_rate: {distribution: log_uniform_values, "
                + "min: 1.0e-5, max: 1.0e-2}, dropout: {values: [0.0, 0.1]}}", F1);
        WarmStart.Selection s = select(earlier,
                new WarmStart.Outcome(0, Map.of("rank", 8, "learning_rate", 1e-3, "dropout", 0.1), new double[] {0.7}),
                new WarmStart.Outcome(1, Map.of("rank", 4, "learning_rate", 1e-3, "dropout", 0.0), new double[] {0.6}),
                new WarmStart.Outcome(2, Map.of("rank", 16, "learning_rate", 1e-5, "dropout", 0.0), new double[] {.5}),
                new WarmStart.Outcome(3, Map.of("rank", 16, "learning_rate", 2e-3, "dropout", 0.0), null));
        assertEquals(1, s.trials().size());
        // the parameter this sweep does not search is dropped
        assertEquals(Map.of("rank", 8, "learning_rate", 1e-3), s.trials().get(0).params());
        assertEquals(List.of("sw-old: 1 complete trials taken; 1 did not complete; 2 lie outside this search space "
                + "(trial 1's rank: 4 is not one of [8, 16, 32])"), s.notes());
    }

    @Test
    void aTrialWithoutANewParameterComesInWithoutIt() {
        SweepSpec earlier = spec("{rank: {values: [8, 16]}}", F1);
        WarmStart.Selection s = select(earlier, new WarmStart.Outcome(0, Map.of("rank", 16), new double[] {0.7}));
        assertEquals(Map.of("rank", 16), s.trials().get(0).params());
    }

    @Test
    void otherObjectivesNoSharedParameterOrNoSuchSweepAreRefused() {
        IllegalArgumentException goal = assertThrows(IllegalArgumentException.class, () -> select(
                spec("{rank: {values: [8]}}", "metric: {name: eval_loss, goal: minimize}")));
        assertEquals("warm_start[0]: sweep sw-old optimises eval_loss (minimize), this one ner/f1 (maximize): their "
                + "values do not compare", goal.getMessage());
        IllegalArgumentException shared = assertThrows(IllegalArgumentException.class, () -> select(
                spec("{dropout: {values: [0.0, 0.1]}}", F1)));
        assertEquals("warm_start[0]: sweep sw-old shares no searched parameter with this one", shared.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> WarmStart.select(now, SearchSpace.fromSpec(now), Arrays.asList((WarmStart.Earlier) null)));
        assertEquals("warm_start[0]: no sweep sw-old on record", missing.getMessage());
    }
}
