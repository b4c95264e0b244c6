package io.lorasweep.controller.pruner;

import io.lorasweep.controller.sampler.TrialState;
import io.lorasweep.controller.trial.Attempt;
import io.lorasweep.controller.trial.AttemptState;
import io.lorasweep.controller.trial.PruningPolicy;
import io.lorasweep.controller.trial.SweepRun;
import io.lorasweep.controller.trial.Trial;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Pruner} applied to a running sweep: the sweep's trials seen as a pruner study (each trial by its
 * current attempt), the judged trial's decision returned to the state machine. Views of attempts that can no
 * longer change are built once and kept.
 */
public final class SweepPruning implements PruningPolicy {

    private final Pruner pruner;
    private final Map<Long, TrialView> settled = new HashMap<>();

    public SweepPruning(Pruner pruner) {
        this.pruner = pruner;
    }

    @Override
    public Optional<String> decide(SweepRun run, Trial trial, long step) {
        if (pruner instanceof NopPruner) {
            return Optional.empty();
        }
        List<TrialView> views = new ArrayList<>();
        TrialView judged = null;
        for (Trial t : run.trials()) {
            TrialView view = view(t);
            views.add(view);
            if (t.id() == trial.id()) {
                judged = view;
            }
        }
        PrunerStudy study = new PrunerStudy() {
            @Override
            public String name() {
                return run.sweepId();
            }

            @Override
            public boolean minimize() {
                return run.minimize();
            }

            @Override
            public List<TrialView> trials() {
                return views;
            }

            @Override
            public void recordRung(int trialNumber, int rung, double value) {
                Trial t = run.trial(trialNumber);
                if (t != null) {
                    t.current().recordRung(rung, value);
                    settled.remove(key(t));
                }
            }
        };
        return pruner.decide(study, judged);
    }

    private TrialView view(Trial t) {
        Attempt a = t.current();
        if (a.state() == AttemptState.COMPLETE || a.state() == AttemptState.PRUNED || a.state() == AttemptState.DIVERGED) {
            return settled.computeIfAbsent(key(t), k -> build(t, a));
        }
        return build(t, a);
    }

    private static long key(Trial t) {
        return ((long) t.id() << 16) | t.current().number();
    }

    private static TrialView build(Trial t, Attempt a) {
        TrialState state = switch (a.state()) {
            case COMPLETE -> TrialState.COMPLETE;
            case PRUNED, DIVERGED -> TrialState.PRUNED;
            case FAILED, LOST, CANCELLED -> TrialState.FAILED;
            case ASSIGNED, RUNNING -> TrialState.RUNNING;
        };
        return new TrialView(t.id(), state, new java.util.TreeMap<>(a.intermediate()),
                new java.util.TreeMap<>(a.rungs()));
    }
}
