package io.lorasweep.controller.sampler;

import io.lorasweep.schemas.spec.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters a sampler proposes, in the order they are decided (a gated parameter after its parent), and
 * the constants every trial carries unchanged.
 */
public final class SearchSpace {

    private final List<Dimension> dimensions;
    private final Map<String, Object> constants;
    private final Map<String, Dimension> byName = new LinkedHashMap<>();

    public SearchSpace(List<Dimension> dimensions, Map<String, Object> constants) {
        this.dimensions = List.copyOf(dimensions);
        this.constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
        for (Dimension d : this.dimensions) {
            if (byName.put(d.name(), d) != null || this.constants.containsKey(d.name())) {
                throw new IllegalArgumentException("parameter " + d.name() + " is defined twice");
            }
        }
        for (Dimension d : this.dimensions) {
            if (d.gate() != null && !byName.containsKey(d.gate().parent()) && !constants.containsKey(d.gate().parent())) {
                throw new IllegalArgumentException(d.name() + ": condition refers to unknown parameter "
                        + d.gate().parent());
            }
        }
    }

    /** A sweep's search space: its {@code parameters}, with its {@code fixed} values as constants. */
    public static SearchSpace fromSpec(io.lorasweep.schemas.spec.SweepSpec spec) {
        SearchSpace space = fromSpec(spec.parameters());
        Map<String, Object> constants = new LinkedHashMap<>(spec.fixed());
        constants.putAll(space.constants());
        return new SearchSpace(space.dimensions(), constants);
    }

    /** The sweep spec's {@code parameters} block. */
    public static SearchSpace fromSpec(Map<String, Parameter> parameters) {
        List<Dimension> dims = new ArrayList<>();
        Map<String, Object> constants = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            String name = e.getKey();
            Parameter p = e.getValue();
            Dimension.Gate gate = p.condition() == null ? null
                    : new Dimension.Gate(p.condition().parameter(), p.condition().values());
            if (p instanceof Parameter.Constant c) {
                if (gate == null) {
                    constants.put(name, c.value());
                } else {
                    dims.add(new Dimension.Categorical(name, List.of(c.value()), gate));
                }
            } else if (p instanceof Parameter.Categorical c) {
                dims.add(new Dimension.Categorical(name, c.values(), gate));
            } else {
                Parameter.Sampled s = (Parameter.Sampled) p;
                dims.add(switch (s.distribution()) {
                    case UNIFORM -> new Dimension.Numeric(name, s.min(), s.max(), false, null, false, gate);
                    case INT_UNIFORM -> new Dimension.Numeric(name, s.min(), s.max(), false, 1.0, true, gate);
                    case LOG_UNIFORM_VALUES -> new Dimension.Numeric(name, s.min(), s.max(), true, null, false, gate);
                    case Q_UNIFORM -> new Dimension.Numeric(name, s.min(), s.max(), false, s.q(), false, gate);
                    case Q_LOG_UNIFORM_VALUES -> new Dimension.Numeric(name, s.min(), s.max(), true, s.q(), false, gate);
                });
            }
        }
        return new SearchSpace(orderedByGates(dims), constants);
    }

    /** Parents before children, otherwise the spec's order. */
    private static List<Dimension> orderedByGates(List<Dimension> dims) {
        List<Dimension> ordered = new ArrayList<>();
        List<Dimension> pending = new ArrayList<>(dims);
        while (!pending.isEmpty()) {
            boolean progressed = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                Dimension d = it.next();
                if (d.gate() == null || ordered.stream().anyMatch(o -> o.name().equals(d.gate().parent()))
                        || pending.stream().noneMatch(o -> o.name().equals(d.gate().parent()))) {
                    ordered.add(d);
                    it.remove();
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalArgumentException("conditions form a cycle among " + pending.stream()
                        .map(Dimension::name).toList());
            }
        }
        return ordered;
    }

    public List<Dimension> dimensions() {
        return dimensions;
    }

    public Map<String, Object> constants() {
        return constants;
    }

    public Dimension dimension(String name) {
        return byName.get(name);
    }

    /** Whether {@code d} exists given the values decided so far (its parent's value, or a constant). */
    public boolean active(Dimension d, Map<String, Object> decided) {
        if (d.gate() == null) {
            return true;
        }
        Object parent = decided.containsKey(d.gate().parent()) ? decided.get(d.gate().parent())
                : constants.get(d.gate().parent());
        if (parent == null) {
            return false;
        }
        for (Object allowed : d.gate().values()) {
            if (Dimension.Categorical.sameChoice(allowed, parent)) {
                return true;
            }
        }
        return false;
    }

    /** Parameters plus constants, as a trial receives them. */
    /**
     * The first value of {@code params} outside this space, as "name: why" (a number beyond its bounds, a choice
     * the space does not offer); empty when every parameter the space has is absent or inside it. Names the space
     * does not have are not looked at.
     */
    public java.util.Optional<String> outside(Map<String, Object> params) {
        for (Dimension d : dimensions()) {
            Object v = params.get(d.name());
            if (v == null) {
                continue;
            }
            if (d instanceof Dimension.Numeric n) {
                if (!(v instanceof Number number) || number.doubleValue() < n.low() || number.doubleValue() > n.high()) {
                    return java.util.Optional.of(d.name() + ": must be a number in [" + n.low() + ", " + n.high()
                            + "], got " + v);
                }
            } else {
                try {
                    d.toInternal(v);
                } catch (IllegalArgumentException e) {
                    return java.util.Optional.of(e.getMessage());
                }
            }
        }
        return java.util.Optional.empty();
    }

    public Map<String, Object> withConstants(Map<String, Object> sampled) {
        Map<String, Object> all = new LinkedHashMap<>(constants);
        all.putAll(sampled);
        return all;
    }
}
