package io.lorasweep.agent.peft;

import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.lora.LoraConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An adapter as a PEFT folder holds it: its config, its tensors under PEFT's keys, and the base it was made for. */
public record PeftAdapter(LoraConfig config, Map<String, HostTensor> tensors, String baseModelNameOrPath) {

    public PeftAdapter {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("tensors must not be empty");
        }
        baseModelNameOrPath = baseModelNameOrPath == null ? "" : baseModelNameOrPath;
    }
}
