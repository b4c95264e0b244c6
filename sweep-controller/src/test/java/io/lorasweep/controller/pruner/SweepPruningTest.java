package io.lorasweep.controller.pruner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.controller.sampler.RandomSampler;
import io.lorasweep.controller.sampler.SearchSpace;
import io.lorasweep.controller.trial.AttemptState;
import io.lorasweep.controller.trial.SweepRun;
import io.lorasweep.schemas.SpecCodec;
import io.lorasweep.schemas.messages.Control;
import io.lorasweep.schemas.messages.Finished;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.MetricsBatch;
import io.lorasweep.schemas.messages.Prune;
import io.lorasweep.schemas.messages.Started;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.messages.TrialCost;
import io.lorasweep.schemas.spec.SweepSpec;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The median pruner driving a sweep's state machine through streamed metrics. */
class SweepPruningTest {

    @Test
    void aTrialWorseThanTheMedianAtItsStepIsPrunedAndTheAgentTold() {
        SweepSpec spec = SpecCodec.parseYaml("""
                name: pruning
                base_model: m
                dataset: {train: t, eval: e}
                tasks: [{name: ppl, type: perplexity, data: e}]
                parameters: {rank: {values: [4, 8]}}
                metric: {name: eval_loss, goal: minimize}
                sampler: {type: random}
                pruner: {type: median, n_startup_trials: 3, n_warmup_steps: 1}
                budget: {max_trials: 10, max_parallel: 1}
                """);
        long[] now = {1_000};
        SweepRun run = new SweepRun("p1", spec, new RandomSampler(SearchSpace.fromSpec(spec), 1),
                new SweepPruning(Pruners.fromSpec(spec.pruner())), 60_000, () -> now[0]);
        TrialAssignment a = run.fill().assignments().get(0);
        for (int trial = 0; trial < 4; trial++) {
            run.onEvent(new Started(id(), "p1", a.trialId(), a.attempt(), "agent", "cpu", now[0]));
            boolean bad = trial == 3;
            List<Control> controls = List.of();
            for (long step = 0; step < 4; step++) {
                double loss = (bad ? 3.0 : 2.0) - 0.1 * step - 0.01 * trial;
                controls = run.onEvent(new MetricsBatch(id(), "p1", a.trialId(), a.attempt(),
                        List.of(MetricPoint.of("eval_loss", step, loss, now[0])), now[0])).controls();
                if (!controls.isEmpty()) {
                    break;
                }
            }
            if (bad) {
                assertEquals(1, controls.size());
                Prune prune = (Prune) controls.get(0);
                assertEquals(3, prune.trialId());
                assertTrue(prune.reason().startsWith("median pruner"), prune.reason());
                assertEquals(AttemptState.PRUNED, run.trial(3).current().state());
                assertEquals(1L, run.trial(3).current().lastStep(), "pruned at the first step after warm-up");
                return;
            }
            assertTrue(controls.isEmpty(), "trial " + trial + " is within the median");
            a = run.onEvent(new Finished(id(), "p1", a.trialId(), a.attempt(), 1.7, List.of(),
                    TrialCost.of("cpu", 1, 1, 0), "x", "ab".repeat(32), now[0])).assignments().get(0);
        }
        throw new AssertionError("the bad trial was never pruned");
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
