package io.lorasweep.controller.sampler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every combination of the parameters' values, in order (the first parameter varies slowest). A gated parameter
 * appears only in the combinations where its parent allows it. A failed trial's combination is proposed again;
 * a combination is used up once a trial with it completes, is pruned or is running.
 */
public final class GridSampler implements Sampler {

    private final SearchSpace space;
    private final List<Map<String, Object>> grid;
    private final Map<Integer, Integer> cellOfTrial = new LinkedHashMap<>();
    private final Set<Integer> usedCells = new HashSet<>();

    public GridSampler(SearchSpace space) {
        this.space = space;
        for (Dimension d : space.dimensions()) {
            if (!(d instanceof Dimension.Categorical)) {
                throw new IllegalArgumentException("parameters." + d.name()
                        + ": the grid sampler needs a list of values, not a distribution");
            }
        }
        List<Map<String, Object>> cells = new ArrayList<>();
        expand(0, new LinkedHashMap<>(), cells);
        this.grid = List.copyOf(cells);
    }

    private void expand(int index, Map<String, Object> partial, List<Map<String, Object>> out) {
        if (index == space.dimensions().size()) {
            out.add(new LinkedHashMap<>(partial));
            return;
        }
        Dimension.Categorical d = (Dimension.Categorical) space.dimensions().get(index);
        if (!space.active(d, partial)) {
            expand(index + 1, partial, out);
            return;
        }
        for (Object choice : d.choices()) {
            partial.put(d.name(), choice);
            expand(index + 1, partial, out);
            partial.remove(d.name());
        }
    }

    public int size() {
        return grid.size();
    }

    @Override
    public Map<String, Object> ask(int number) {
        for (int cell = 0; cell < grid.size(); cell++) {
            if (!usedCells.contains(cell)) {
                usedCells.add(cell);
                cellOfTrial.put(number, cell);
                return space.withConstants(grid.get(cell));
            }
        }
        throw new SearchSpaceExhausted("the grid is exhausted: all " + grid.size()
                + " combinations have been proposed");
    }

    @Override
    public void report(int number, long step, double value) {
        // the grid's order does not depend on results
    }

    @Override
    public void tell(int number, TrialState state, double... values) {
        Integer cell = cellOfTrial.get(number);
        if (cell == null) {
            throw new IllegalArgumentException("trial " + number + " is unknown to the sampler");
        }
        if (state == TrialState.FAILED) {
            usedCells.remove(cell);
        }
    }

    @Override
    public void add(int number, Map<String, Object> params, TrialState state, double... values) {
        for (int cell = 0; cell < grid.size(); cell++) {
            if (matches(grid.get(cell), params)) {
                cellOfTrial.put(number, cell);
                if (state != TrialState.FAILED) {
                    usedCells.add(cell);
                }
                return;
            }
        }
    }

    private static boolean matches(Map<String, Object> cell, Map<String, Object> params) {
        for (Map.Entry<String, Object> e : cell.entrySet()) {
            if (!Dimension.Categorical.sameChoice(e.getValue(), params.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void warmStart(Map<String, Object> params, double... values) {
        // the grid's order does not depend on results
    }
}
