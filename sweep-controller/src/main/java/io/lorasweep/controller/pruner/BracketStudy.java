package io.lorasweep.controller.pruner;

import java.util.ArrayList;
import java.util.List;

/** A sweep as one Hyperband bracket sees it: only the trials hashed to that bracket. */
final class BracketStudy implements PrunerStudy {

    private final PrunerStudy sweep;
    private final HyperbandPruner hyperband;
    private final int bracket;

    BracketStudy(PrunerStudy sweep, HyperbandPruner hyperband, int bracket) {
        this.sweep = sweep;
        this.hyperband = hyperband;
        this.bracket = bracket;
    }

    @Override
    public String name() {
        return sweep.name();
    }

    @Override
    public boolean minimize() {
        return sweep.minimize();
    }

    @Override
    public List<TrialView> trials() {
        return inBracket(sweep.trials());
    }

    @Override
    public List<TrialView> completedTrials() {
        return inBracket(sweep.completedTrials());
    }

    @Override
    public void recordRung(int trialNumber, int rung, double value) {
        sweep.recordRung(trialNumber, rung, value);
    }

    private List<TrialView> inBracket(List<TrialView> trials) {
        List<TrialView> kept = new ArrayList<>();
        for (TrialView t : trials) {
            if (hyperband.bracketOf(sweep.name(), t.number()) == bracket) {
                kept.add(t);
            }
        }
        return kept;
    }
}
