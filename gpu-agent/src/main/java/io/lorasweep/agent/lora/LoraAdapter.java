package io.lorasweep.agent.lora;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.model.LinearLayer;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.model.NamedParameter;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LoRA (or DoRA) layers injected into a model, addressed by module path: their trainable parameters under PEFT's
 * names, merge and unmerge, training mode (dropout) and removal.
 */
public final class LoraAdapter {

    /** PEFT's prefix for a causal LM: PeftModel.base_model (LoraModel).model (LlamaForCausalLM). */
    public static final String PEFT_PREFIX = "base_model.model.";

    private final LlamaModel model;
    private final LoraConfig config;
    private final Map<String, LoraLinear> layers;

    private LoraAdapter(LlamaModel model, LoraConfig config, Map<String, LoraLinear> layers) {
        this.model = model;
        this.config = config;
        this.layers = layers;
    }

    /**
     * Wraps every targeted projection of {@code model} in a fresh adapter (so the model's outputs are unchanged);
     * the adapter arrays live in the model's manager.
     */
    public static LoraAdapter inject(LlamaModel model, LoraConfig config) {
        Map<String, LoraLinear> layers = new LinkedHashMap<>();
        NDManager manager = model.manager();
        int index = 0;
        for (String module : model.linearModules()) {
            LinearLayer current = model.linear(module);
            if (current instanceof LoraLinear) {
                throw new IllegalStateException(module + " already has an adapter");
            }
            if (config.targets(module)) {
                // a seed per module so adding a target does not reshuffle the others
                LoraLinear lora = LoraLinear.create(current, config, config.seed() * 1_000_003L + index, manager,
                        model.precision());
                model.replaceLinear(module, lora);
                layers.put(module, lora);
            }
            index++;
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("targetModules " + config.targetModules() + " match no module");
        }
        return new LoraAdapter(model, config, layers);
    }

    public LoraConfig config() {
        return config;
    }

    public LlamaModel model() {
        return model;
    }

    public Map<String, LoraLinear> layers() {
        return Collections.unmodifiableMap(layers);
    }

    /**
     * Trainable arrays under their PEFT keys (lora_A, lora_B, and lora_magnitude_vector with DoRA): f32 masters,
     * with their compute copies when the model computes in half precision.
     */
    public List<NamedParameter> parameters() {
        List<NamedParameter> out = new ArrayList<>();
        layers.forEach((module, l) -> out.addAll(l.parameters(PEFT_PREFIX + module)));
        return out;
    }

    public long parameterCount() {
        return parameters().stream().mapToLong(p -> p.array().size()).sum();
    }

    /** Dropout is only active in training mode. */
    public void setTraining(boolean training) {
        layers.values().forEach(l -> l.setTraining(training));
    }

    public void merge() {
        layers.values().forEach(LoraLinear::merge);
    }

    public void unmerge() {
        layers.values().forEach(LoraLinear::unmerge);
    }

    /** Puts the base projections back; the adapter arrays stay readable until the model closes. */
    public void remove() {
        unmerge();
        layers.forEach((module, l) -> model.replaceLinear(module, l.base()));
    }

    /** The adapter weights as host tensors keyed as PEFT saves them. */
    public Map<String, HostTensor> toTensors() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (NamedParameter p : parameters()) {
            out.put(p.name(), new HostTensor(p.array().getShape().getShape(), p.array().toFloatArray()));
        }
        return out;
    }

    /**
     * Overwrites the adapter weights with saved ones (PEFT keys). Every parameter must be present with its shape;
     * keys this adapter does not have are an error, so a mismatched adapter never half-loads.
     */
    public void load(Map<String, HostTensor> tensors) {
        Map<String, NamedParameter> byName = new LinkedHashMap<>();
        parameters().forEach(p -> byName.put(p.name(), p));
        for (String key : tensors.keySet()) {
            if (!byName.containsKey(key)) {
                throw new IllegalArgumentException("adapter tensor '" + key + "' matches no module of this adapter"
                        + " (target_modules " + config.targetModules() + ", use_dora " + config.useDora() + ")");
            }
        }
        for (NamedParameter p : byName.values()) {
            HostTensor t = tensors.get(p.name());
            if (t == null) {
                throw new IllegalArgumentException("adapter has no tensor '" + p.name() + "'");
            }
            long[] expected = p.array().getShape().getShape();
            if (!Arrays.equals(expected, t.shape())) {
                throw new IllegalArgumentException("adapter tensor '" + p.name() + "' has shape "
                        + Arrays.toString(t.shape()) + " but this model needs " + Arrays.toString(expected));
            }
        }
        for (NamedParameter p : byName.values()) {
            HostTensor t = tensors.get(p.name());
            // in place, so optimizer state and the model keep pointing at the same arrays
            p.array().set(FloatBuffer.wrap(t.values()));
            p.syncCompute();
        }
    }
}
