package io.lorasweep.controller.sampler;

import io.lorasweep.schemas.spec.Metric;
import io.lorasweep.schemas.spec.SweepSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which trials of earlier sweeps a new sweep's sampler learns from ({@code warm_start} in the spec), and what is
 * refused. Compatible means: the same objectives (names and goals, in order: the values must mean the same) and at
 * least one searched parameter in common. Of a compatible sweep's trials, the complete ones whose values of the new
 * sweep's parameters are all inside its search space come in; a parameter the earlier trial lacks stays missing
 * (TPE models it from the others), one the new sweep lacks is dropped; the rest are skipped and counted.
 */
public final class WarmStart {

    /** An earlier sweep as its record has it: its spec and each trial's current attempt. */
    public record Earlier(String sweepId, SweepSpec spec, List<Outcome> trials) {
    }

    /**
     * One trial of an earlier sweep.
     *
     * @param values one per objective when it completed, else null
     */
    public record Outcome(int trialId, Map<String, Object> params, double[] values) {
    }

    /** A trial the sampler learns from, in the earlier sweep's order. */
    public record Prior(String sweepId, int trialId, Map<String, Object> params, double[] values) {
    }

    /** What the warm start takes: the trials, and per earlier sweep how many came in and why others did not. */
    public record Selection(List<Prior> trials, List<String> notes) {
    }

    private WarmStart() {
    }

    /**
     * @param earlier the sweeps the spec names, in its order; null where no sweep of that id is on record
     * @throws IllegalArgumentException naming {@code warm_start[i]} when one is missing or incompatible
     */
    public static Selection select(SweepSpec spec, SearchSpace space, List<Earlier> earlier) {
        List<Prior> trials = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < earlier.size(); i++) {
            String at = "warm_start[" + i + "]";
            Earlier e = earlier.get(i);
            if (e == null) {
                throw new IllegalArgumentException(at + ": no sweep " + spec.warmStart().get(i) + " on record");
            }
            if (!e.spec().objectives().equals(spec.objectives())) {
                throw new IllegalArgumentException(at + ": sweep " + e.sweepId() + " optimises "
                        + describe(e.spec().objectives()) + ", this one " + describe(spec.objectives())
                        + ": their values do not compare");
            }
            List<String> shared = new ArrayList<>();
            for (Dimension d : space.dimensions()) {
                if (!d.single() && (e.spec().parameters().containsKey(d.name())
                        || e.spec().fixed().containsKey(d.name()))) {
                    shared.add(d.name());
                }
            }
            if (shared.isEmpty()) {
                throw new IllegalArgumentException(at + ": sweep " + e.sweepId() + " shares no searched parameter "
                        + "with this one");
            }
            int taken = 0;
            int unfinished = 0;
            int outside = 0;
            String firstOutside = null;
            for (Outcome t : e.trials()) {
                if (t.values() == null) {
                    unfinished++;
                    continue;
                }
                Map<String, Object> params = new LinkedHashMap<>();
                t.params().forEach((name, value) -> {
                    if (space.dimension(name) != null) {
                        params.put(name, value);
                    }
                });
                var problem = space.outside(params);
                if (problem.isPresent()) {
                    outside++;
                    firstOutside = firstOutside == null ? "trial " + t.trialId() + "'s " + problem.get() : firstOutside;
                    continue;
                }
                trials.add(new Prior(e.sweepId(), t.trialId(), params, t.values()));
                taken++;
            }
            notes.add(e.sweepId() + ": " + taken + " complete trials taken; " + unfinished + " did not complete"
                    + (outside == 0 ? "" : "; " + outside + " lie outside this search space (" + firstOutside + ")"));
        }
        return new Selection(trials, notes);
    }

    private static String describe(List<Metric> objectives) {
        List<String> parts = new ArrayList<>();
        objectives.forEach(o -> parts.add(o.name() + " (" + o.goal().wireName() + ")"));
        return String.join(", ", parts);
    }
}
