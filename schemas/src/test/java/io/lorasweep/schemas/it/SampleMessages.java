package io.lorasweep.schemas.it;

import io.lorasweep.schemas.messages.Cancel;
import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.Failed;
import io.lorasweep.schemas.messages.Finished;
import io.lorasweep.schemas.messages.Heartbeat;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.MetricsBatch;
import io.lorasweep.schemas.messages.Prune;
import io.lorasweep.schemas.messages.Started;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.messages.TrialCost;
import io.lorasweep.schemas.messages.TrialEvent;
import io.lorasweep.schemas.spec.Dataset;
import io.lorasweep.schemas.spec.EvalTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One of every message type, for a given trial. */
final class SampleMessages {

    static final long T0 = 1_790_000_000_000L;

    private SampleMessages() {
    }

    static TrialAssignment assignment(String sweep, int trial) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("rank", 16);
        params.put("alpha", 32);
        params.put("target_modules", List.of("q_proj", "v_proj"));
        params.put("learning_rate", 2.0e-4);
        params.put("use_dora", trial % 2 == 0);
        return new TrialAssignment(sweep, trial, 1, "lease-" + trial, params, "assets/models/tiny-llama",
                new Dataset("train.jsonl", "eval.jsonl", null),
                List.of(new EvalTask("clinical-ner", EvalTask.Type.NER, "eval.jsonl", 5,
                        List.of("MEDICATION", "DOSAGE", "CONDITION", "PROCEDURE"), null)),
                T0, 60_000, "clinical-ner/f1");
    }

    /** started, heartbeat, metrics (with a NaN loss), finished, failed. */
    static List<TrialEvent> events(String sweep, int trial) {
        List<TrialEvent> events = new ArrayList<>();
        events.add(new Started("started-" + sweep + "-" + trial, sweep, trial, 1, "agent-a", "cpu", T0 + 1));
        events.add(new Heartbeat("hb-" + sweep + "-" + trial, sweep, trial, 1, "agent-a", T0 + 2));
        events.add(new MetricsBatch("metrics-" + sweep + "-" + trial, sweep, trial, 1, List.of(
                MetricPoint.of("train_loss", 10, 2.5, T0 + 3),
                MetricPoint.of("train_loss", 20, Double.NaN, T0 + 4),
                MetricPoint.of("eval_loss", 20, 2.25, T0 + 4)), T0 + 4));
        events.add(new Finished("finished-" + sweep + "-" + trial, sweep, trial, 1, 0.71, List.of(
                new EvalResult("clinical-ner", "f1", EvalResult.OVERALL, 0.71, 0.66, 0.76),
                new EvalResult("clinical-ner", "f1", "MEDICATION", 0.8, 0.7, 0.88)),
                TrialCost.of("cpu", 120.0, 110.0, 0.5), "artifacts/" + sweep + "/" + trial, "ab".repeat(32), T0 + 5));
        events.add(new Failed("failed-" + sweep + "-" + trial, sweep, trial, 2, "loss is NaN at step 20",
                Failed.Kind.DIVERGED, T0 + 6));
        return events;
    }

    static List<Object> controls(String sweep, int trial) {
        return List.of(new Prune(sweep, trial, 1, "median pruner: 2.4 > median 2.1 at step 20"),
                Cancel.trial(sweep, trial, "cancelled by user"), Cancel.sweep(sweep, "sweep cancelled"));
    }
}
