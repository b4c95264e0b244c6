package io.lorasweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.SpecCodec;
import io.lorasweep.schemas.spec.EvalTask;
import io.lorasweep.schemas.spec.SweepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's sweep is valid and is the one the issues describe. */
class DemoSpecTest {

    @Test
    void theDemoSweepsOverRankAndFriendsWithAFiveShotBaselineAndAnMmluGate() {
        Path root = Path.of("..");
        SweepSpec spec = SpecCodec.parse(root.resolve("assets/demo-sweep.yaml"));
        assertEquals(List.of(8, 16, 32), ((io.lorasweep.schemas.spec.Parameter.Categorical) spec.parameters()
                .get("rank")).values());
        assertTrue(spec.parameters().keySet().containsAll(List.of("alpha_multiplier", "learning_rate", "use_dora")),
                spec.parameters().keySet().toString());
        assertEquals(5, spec.baseline().shots());
        assertEquals(12, spec.budget().maxTrials());
        assertEquals(2, spec.budget().maxParallel(), "one trial on each of the demo's two agents");
        EvalTask mmlu = spec.tasks().stream().filter(t -> t.type() == EvalTask.Type.MULTIPLE_CHOICE).findFirst()
                .orElseThrow();
        assertTrue(spec.regressionGates().stream().anyMatch(g -> g.task().equals(mmlu.name())),
                "the MMLU subset is gated");
        // it trains on the NER task's own data, rendered with the prompt the task scores
        assertTrue(spec.dataset().fromTask(), spec.dataset().toString());
        EvalTask trainedOn = spec.tasks().stream().filter(t -> t.name().equals(spec.dataset().task())).findFirst()
                .orElseThrow();
        assertEquals(EvalTask.Type.NER, trainedOn.type());
        for (EvalTask t : spec.tasks()) {
            assertTrue(Files.exists(root.resolve(t.data())), t.data());
        }
        assertTrue(Files.isDirectory(root.resolve(spec.baseModel())));
    }

    /** `demo --trials 1` once stored a spec the contract refuses (two at a time of one), hiding its tables. */
    @Test
    void fewerTrialsThanAgentsStillMakeAValidSpec() {
        SweepSpec one = DemoCommand.withTrials(SpecCodec.parse(Path.of("..", "assets/demo-sweep.yaml")), 1);
        assertEquals(1, one.budget().maxTrials());
        assertEquals(1, one.budget().maxParallel());
        assertTrue(SpecCodec.validate(SpecCodec.toJson(one), false).isEmpty());
    }
}
