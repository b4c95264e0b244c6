package io.lorasweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.agent.model.EngineReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** An agent asked for a GPU the engine cannot see stops before it connects to anything, and says why. */
class AgentDeviceTest {

    @Test
    void anAgentOnACudaDeviceTheEngineCannotSeeStopsAtStartNamingTheLoadedLibtorch() {
        EngineReport engine = EngineReport.current();
        Assumptions.assumeTrue(engine.cudaDevices() == 0, "this machine has a CUDA device");
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        // no Kafka address anywhere: were the device checked after connecting, the message would be Kafka's
        int code = cli.execute("agent", "--devices", "cpu,cuda:0", "--kafka-bootstrap", "127.0.0.1:1");
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().startsWith("lorasweep agent: cuda:0 is not visible to the engine: DJL loaded "
                + "libtorch " + engine.libtorchVersion()), err.toString());
        assertTrue(err.toString().contains("PYTORCH_LIBRARY_PATH"), err.toString());
    }

    @Test
    void doctorReportsTheEngineAndFailsForADeviceItCannotUse() {
        EngineReport engine = EngineReport.current();
        Assumptions.assumeTrue(engine.cudaDevices() == 0, "this machine has a CUDA device");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
            code = Main.commandLine().execute("doctor", "--devices", "cpu,cuda:1");
        } finally {
            System.setOut(saved);
        }
        String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, code, out);
        assertTrue(out.contains("libtorch " + engine.libtorchVersion()), out);
        assertTrue(out.contains("CUDA devices the engine sees: 0"), out);
        assertTrue(out.contains("cpu: usable"), out);
        assertTrue(out.contains("cuda:1: not usable: cuda:1 is not visible"), out);
    }
}
