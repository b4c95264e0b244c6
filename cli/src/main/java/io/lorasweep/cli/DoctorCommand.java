package io.lorasweep.cli;

import io.lorasweep.agent.model.ComputeDevice;
import io.lorasweep.agent.model.EngineReport;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "doctor", description = "Which libtorch DJL loads here, its version and build, and the CUDA devices "
        + "it sees; with --devices, whether an agent could train on them.")
final class DoctorCommand implements Callable<Integer> {

    @Option(names = "--devices", split = ",",
            description = "Devices to check, as the agent takes them (cpu, cuda:0, ...): exit 1 if one is not usable.")
    List<String> devices;

    @Override
    public Integer call() {
        System.out.print(EngineReport.current().describe());
        if (devices == null) {
            return 0;
        }
        int status = 0;
        for (String d : devices) {
            try {
                ComputeDevice.parse(d).requireAvailable();
                System.out.println(d + ": usable");
            } catch (IllegalStateException | IllegalArgumentException e) {
                System.out.println(d + ": not usable: " + e.getMessage());
                status = 1;
            }
        }
        return status;
    }
}
