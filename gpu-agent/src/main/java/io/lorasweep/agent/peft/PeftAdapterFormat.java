package io.lorasweep.agent.peft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.io.SafetensorsDtype;
import io.lorasweep.agent.io.SafetensorsReader;
import io.lorasweep.agent.io.SafetensorsWriter;
import io.lorasweep.agent.lora.LoraConfig;
import io.lorasweep.agent.model.LlamaTensorLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes adapter folders in PEFT's layout ({@code adapter_config.json} + {@code adapter_model.safetensors},
 * keys such as {@code base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight} [r, in],
 * {@code ...lora_B.weight} [out, r] and, with DoRA, {@code ...lora_magnitude_vector} [out]), so that
 * {@code PeftModel.from_pretrained} and vLLM's {@code --lora-modules} load what we write, and we load what PEFT wrote.
 */
public final class PeftAdapterFormat {

    public static final String CONFIG = "adapter_config.json";
    public static final String WEIGHTS = "adapter_model.safetensors";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PeftAdapterFormat() {
    }

    public static void write(Path dir, PeftAdapter adapter) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(CONFIG), JSON.writeValueAsString(configJson(adapter)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write adapter config in " + dir, e);
        }
        SafetensorsWriter.write(dir.resolve(WEIGHTS), adapter.tensors(), SafetensorsDtype.F32,
                Map.of("format", "pt"));
    }

    static ObjectNode configJson(PeftAdapter adapter) {
        LoraConfig c = adapter.config();
        ObjectNode o = JSON.createObjectNode();
        o.putObject("alpha_pattern");
        o.putNull("auto_mapping");
        o.put("base_model_name_or_path", adapter.baseModelNameOrPath());
        o.put("bias", "none");
        o.put("fan_in_fan_out", false);
        o.put("inference_mode", true);
        o.put("init_lora_weights", true);
        o.putNull("layers_pattern");
        o.putNull("layers_to_transform");
        o.put("lora_alpha", c.alpha());
        o.put("lora_dropout", c.dropout());
        o.putNull("modules_to_save");
        o.put("peft_type", "LORA");
        o.put("r", c.r());
        o.putObject("rank_pattern");
        o.putNull("revision");
        ArrayNode targets = o.putArray("target_modules");
        c.targetModules().forEach(targets::add);
        o.put("task_type", "CAUSAL_LM");
        o.put("use_dora", c.useDora());
        o.put("use_rslora", c.useRslora());
        return o;
    }

    public static PeftAdapter read(Path dir) {
        Path configFile = dir.resolve(CONFIG);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(configFile));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("adapter folder " + dir + " has no " + CONFIG);
        } catch (IOException e) {
            throw new IllegalArgumentException(configFile + " is not valid JSON: " + e.getMessage());
        }
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.exists(weights)) {
            throw new IllegalArgumentException("adapter folder " + dir + " has no " + WEIGHTS
                    + " (adapter_model.bin, a pickle, is not read)");
        }
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        try (SafetensorsReader reader = SafetensorsReader.open(weights)) {
            for (String name : reader.names()) {
                tensors.put(normaliseKey(name), reader.read(name));
            }
        }
        LoraConfig config = parseConfig(configFile, root, tensors);
        return new PeftAdapter(config, tensors, root.path("base_model_name_or_path").asText(""));
    }

    /** PEFT keys from other writers: an adapter name left in, or the magnitude saved with a ".weight" suffix. */
    static String normaliseKey(String key) {
        String k = key.replace(".lora_A.default.", ".lora_A.").replace(".lora_B.default.", ".lora_B.");
        if (k.endsWith(".lora_magnitude_vector.weight")) {
            k = k.substring(0, k.length() - ".weight".length());
        }
        if (k.endsWith(".lora_magnitude_vector.default")) {
            k = k.substring(0, k.length() - ".default".length());
        }
        return k;
    }

    private static LoraConfig parseConfig(Path file, JsonNode root, Map<String, HostTensor> tensors) {
        String peftType = root.path("peft_type").asText("");
        if (!peftType.equals("LORA")) {
            throw new IllegalArgumentException(file + ": peft_type must be LORA, got '" + peftType + "'");
        }
        String bias = root.path("bias").asText("none");
        if (!bias.equals("none")) {
            throw new IllegalArgumentException(file + ": bias '" + bias + "' is not supported (Llama has no biases)");
        }
        if (root.path("fan_in_fan_out").asBoolean(false)) {
            throw new IllegalArgumentException(file + ": fan_in_fan_out = true is not supported for Llama");
        }
        for (String pattern : new String[] {"rank_pattern", "alpha_pattern"}) {
            if (root.path(pattern).size() > 0) {
                throw new IllegalArgumentException(file + ": " + pattern + " is not supported");
            }
        }
        if (!root.path("modules_to_save").isNull() && !root.path("modules_to_save").isMissingNode()) {
            throw new IllegalArgumentException(file + ": modules_to_save is not supported");
        }
        List<String> targets = new ArrayList<>();
        JsonNode tm = root.path("target_modules");
        if (tm.isArray()) {
            for (JsonNode t : tm) {
                targets.add(t.asText());
            }
        } else if (tm.isTextual() && tm.asText().equals(LoraConfig.ALL_LINEAR)) {
            targets.add(LoraConfig.ALL_LINEAR);
        } else {
            // a regex: the tensors say which projections were adapted
            for (String p : LlamaTensorLayout.PROJECTIONS) {
                if (tensors.keySet().stream().anyMatch(k -> k.contains("." + p + ".lora_A."))) {
                    targets.add(p);
                }
            }
        }
        if (!root.hasNonNull("r") || !root.hasNonNull("lora_alpha")) {
            throw new IllegalArgumentException(file + " needs r and lora_alpha");
        }
        try {
            return new LoraConfig(root.get("r").asInt(), root.get("lora_alpha").asDouble(),
                    root.path("lora_dropout").asDouble(0.0), targets, root.path("use_rslora").asBoolean(false),
                    root.path("use_dora").asBoolean(false), 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
