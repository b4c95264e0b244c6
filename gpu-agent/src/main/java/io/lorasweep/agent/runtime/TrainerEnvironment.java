package io.lorasweep.agent.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.schemas.messages.TrialAssignment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The environment variables a trainer command gets beside the few it inherits ({@link TrialEnvironment}): where its inputs are and where its
 * adapter goes (absolute paths), which trial it is, and each parameter. These names are the contract with users'
 * scripts (the README's "Bring your own trainer"); keep them stable.
 */
final class TrainerEnvironment {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainerEnvironment() {
    }

    /**
     * @param dataRoot   absolute; what the assignment's relative paths resolve against
     * @param adapterDir where the command must save its PEFT adapter
     * @param paramsFile the parameters as one JSON object
     */
    static Map<String, String> of(TrialAssignment a, Path dataRoot, Path adapterDir, Path paramsFile) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LORASWEEP_PARAMS_FILE", paramsFile.toAbsolutePath().toString());
        env.put("LORASWEEP_ADAPTER_DIR", adapterDir.toAbsolutePath().toString());
        env.put("LORASWEEP_BASE_MODEL", dataRoot.resolve(a.baseModel()).normalize().toString());
        env.put("LORASWEEP_TRAIN_FILE", dataRoot.resolve(a.dataset().train()).normalize().toString());
        env.put("LORASWEEP_EVAL_FILE", dataRoot.resolve(a.dataset().eval()).normalize().toString());
        if (a.dataset().test() != null) {
            env.put("LORASWEEP_TEST_FILE", dataRoot.resolve(a.dataset().test()).normalize().toString());
        }
        env.put("LORASWEEP_SWEEP_ID", a.sweepId());
        env.put("LORASWEEP_TRIAL_ID", Integer.toString(a.trialId()));
        env.put("LORASWEEP_ATTEMPT", Integer.toString(a.attempt()));
        a.params().forEach((name, value) -> env.put(paramVariable(name), paramText(value)));
        return env;
    }

    /** {@code learning_rate} → {@code LORASWEEP_PARAM_LEARNING_RATE}; '-' is not usable in a shell's names. */
    static String paramVariable(String name) {
        return "LORASWEEP_PARAM_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** A string as it is (no quotes for a script to strip), anything else as JSON. */
    static String paramText(Object value) {
        if (value instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parameters are scalars or lists of them", e);
        }
    }
}
