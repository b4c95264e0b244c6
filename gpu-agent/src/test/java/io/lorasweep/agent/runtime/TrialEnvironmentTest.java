package io.lorasweep.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrialEnvironmentTest {

    @Test
    void onlyTheNamedVariablesReachATrialNeverTheAgentsSecrets() {
        Map<String, String> agent = Map.of("PATH", "/usr/bin", "HOME", "/home/a", "OMP_NUM_THREADS", "1",
                "LORASWEEP_API_TOKEN", "secret", "LORASWEEP_CLICKHOUSE_PASSWORD", "pw", "AWS_SECRET_ACCESS_KEY", "k",
                "KAFKA_SASL_PASSWORD", "p", "CUDA_VISIBLE_DEVICES", "0");
        assertEquals(Map.of("PATH", "/usr/bin", "HOME", "/home/a", "OMP_NUM_THREADS", "1", "CUDA_VISIBLE_DEVICES", "0"),
                TrialEnvironment.inherited(agent));

        Map<String, String> builder = new HashMap<>(Map.of("LORASWEEP_API_TOKEN", "secret"));
        TrialEnvironment.replace(builder);
        assertEquals(null, builder.get("LORASWEEP_API_TOKEN"));
        builder.keySet().forEach(name -> assertEquals(true, TrialEnvironment.INHERITED.contains(name), name));
    }
}
