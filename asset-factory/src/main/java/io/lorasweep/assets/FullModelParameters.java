package io.lorasweep.assets;

import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.model.LinearLayer;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.model.LlamaTensorLayout;
import io.lorasweep.agent.model.NamedParameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every weight of a dense model as a trainable parameter under its checkpoint name, for pretraining with the
 * {@link io.lorasweep.agent.train.Trainer} (which trains whatever parameters it is given), and the weights back as
 * host tensors for {@link io.lorasweep.agent.model.HfCheckpointWriter}.
 */
public final class FullModelParameters {

    private FullModelParameters() {
    }

    /** Marks every weight as requiring a gradient; the projections must be dense (not quantised, not wrapped). */
    public static List<NamedParameter> trainable(LlamaModel model) {
        List<NamedParameter> out = new ArrayList<>();
        for (Map.Entry<String, LinearLayer> e : model.linears().entrySet()) {
            if (!(e.getValue() instanceof io.lorasweep.agent.model.DenseLinear dense)) {
                throw new IllegalArgumentException("pretraining needs dense projections, but " + e.getKey() + " is "
                        + e.getValue().getClass().getSimpleName());
            }
            out.add(new NamedParameter(e.getKey() + ".weight", dense.denseWeight()));
        }
        out.addAll(model.otherWeights());
        for (NamedParameter p : out) {
            p.array().setRequiresGradient(true);
        }
        return out;
    }

    /** The weights as host tensors in checkpoint order and names (no lm_head when embeddings are tied). */
    public static Map<String, HostTensor> tensors(LlamaModel model) {
        Map<String, HostTensor> byName = new LinkedHashMap<>();
        for (Map.Entry<String, LinearLayer> e : model.linears().entrySet()) {
            var w = e.getValue().denseWeight();
            byName.put(e.getKey() + ".weight", new HostTensor(w.getShape().getShape(), w.toFloatArray()));
        }
        for (NamedParameter p : model.otherWeights()) {
            byName.put(p.name(), new HostTensor(p.array().getShape().getShape(), p.array().toFloatArray()));
        }
        Map<String, HostTensor> ordered = new LinkedHashMap<>();
        for (String name : LlamaTensorLayout.expectedShapes(model.config()).keySet()) {
            ordered.put(name, byName.get(name));
        }
        return ordered;
    }
}
