package io.lorasweep.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.spec.Dataset;
import io.lorasweep.schemas.spec.EvalTask;
import io.lorasweep.schemas.spec.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataRootTest {

    @Test
    void pathsInsideResolveAndEveryWayOutIsRefusedNamingTheField(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("models/m"));
        Path secret = Files.writeString(dir.resolve("secret.txt"), "api token");
        Files.createSymbolicLink(root.resolve("models/link"), dir);
        DataRoot data = new DataRoot(root);

        assertEquals(root.toRealPath().resolve("models/m"), data.resolve("models/m", "base_model"));
        assertEquals(root.toRealPath().resolve("data/new.jsonl"), data.resolve("data/./new.jsonl", "dataset.train"),
                "a file that does not exist yet may be named");
        for (String outside : List.of(secret.toString(), "../secret.txt", "models/../../secret.txt",
                "models/link/secret.txt", "/etc/passwd")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> data.resolve(outside, "tasks.ner.data"), outside);
            assertTrue(e.getMessage().startsWith("tasks.ner.data '" + outside + "' is outside the agent's data root"),
                    e.getMessage());
        }
    }

    @Test
    void anAssignmentIsCheckedWholeBeforeAnythingIsRead(@TempDir Path dir) throws Exception {
        DataRoot data = new DataRoot(Files.createDirectories(dir.resolve("root")));
        TrialAssignment inside = new TrialAssignment("s", 0, 1, "l", Map.of(), "models/m",
                new Dataset("data/train.jsonl", "data/eval.jsonl", null),
                List.of(new EvalTask("ner", EvalTask.Type.NER, "data/ner", null, List.of("X"), null)), 0, 60_000,
                "eval_loss", null, new Trainer(List.of("python3", "train.py"), null));
        data.confine(inside);
        String[] fields = {"base_model", "dataset.eval", "tasks.ner.data"};
        TrialAssignment[] outside = {
            withModel(inside, "/etc"),
            new TrialAssignment("s", 0, 1, "l", Map.of(), "models/m", new Dataset("data/train.jsonl", "../../eval",
                    null), inside.tasks(), 0, 60_000, "eval_loss", null, inside.trainer()),
            new TrialAssignment("s", 0, 1, "l", Map.of(), "models/m", inside.dataset(), List.of(new EvalTask("ner",
                    EvalTask.Type.NER, "/home", null, List.of("X"), null)), 0, 60_000, "eval_loss", null,
                    inside.trainer())};
        for (int i = 0; i < outside.length; i++) {
            TrialAssignment a = outside[i];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data.confine(a));
            assertTrue(e.getMessage().startsWith(fields[i] + " '"), e.getMessage());
        }
    }

    private static TrialAssignment withModel(TrialAssignment a, String model) {
        return new TrialAssignment(a.sweepId(), a.trialId(), a.attempt(), a.leaseId(), a.params(), model, a.dataset(),
                a.tasks(), a.issuedAt(), a.leaseMs(), a.objective(), a.baselineShots(), a.trainer());
    }
}
