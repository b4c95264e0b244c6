package io.lorasweep.agent.runtime;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a trial process (and a trainer command it runs) inherits from the agent's environment: only the variables
 * named here, so the agent's own secrets (the API token, ClickHouse and Kafka credentials, a cloud key) never reach
 * code that an assignment chose. The trial then adds its own ({@link TrainerEnvironment}, the JVM's classpath).
 */
final class TrialEnvironment {

    /** Locating programs and libraries, locale and time, temp space, threads and devices, libtorch, Python. */
    static final List<String> INHERITED = List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR",
            "LD_LIBRARY_PATH", "JAVA_HOME", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
            "CUDA_VISIBLE_DEVICES", "CUDA_HOME", "NVIDIA_VISIBLE_DEVICES", "PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION",
            "PYTORCH_FLAVOR", "DJL_CACHE_DIR", "PYTHONPATH", "VIRTUAL_ENV", "HF_HOME", "HF_HUB_OFFLINE",
            "TRANSFORMERS_OFFLINE");

    private TrialEnvironment() {
    }

    /** The inherited part of {@code parent}. */
    static Map<String, String> inherited(Map<String, String> parent) {
        Map<String, String> out = new TreeMap<>();
        for (String name : INHERITED) {
            String value = parent.get(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    /** Replaces {@code env} (a ProcessBuilder's, a copy of ours) with the inherited part of this process's. */
    static void replace(Map<String, String> env) {
        Map<String, String> kept = inherited(System.getenv());
        env.clear();
        env.putAll(kept);
    }
}
