package io.lorasweep.cli;

import io.lorasweep.schemas.messages.KafkaAccess;
import io.lorasweep.schemas.messages.KafkaRoles;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * For a broker of one's own (docker-compose's, or a team's cluster) what {@code services start} does for the local
 * one: the controller's and the agents' SCRAM-SHA-256 logins and their ACLs. Passwords come from the environment
 * only, so that they never show in a process list.
 */
@Command(name = "kafka-logins", mixinStandardHelpOptions = true,
        description = "Create the controller's and the agents' Kafka logins (SCRAM-SHA-256) and ACLs on a broker that "
                + "authorizes, logged in as its admin (--kafka-config, or KAFKA_USER and KAFKA_PASSWORD). Passwords "
                + "from KAFKA_CONTROLLER_PASSWORD and KAFKA_AGENT_PASSWORD; running it again changes nothing else.")
final class KafkaLoginsCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connections;

    @Override
    public Integer call() throws Exception {
        Map<String, String> passwords = Map.of(
                KafkaRoles.CONTROLLER, required(LauncherEnvironment.KAFKA_CONTROLLER_PASSWORD),
                KafkaRoles.AGENT, required(LauncherEnvironment.KAFKA_AGENT_PASSWORD));
        KafkaAccess admin = connections.kafka("admin");
        try (Admin client = Admin.create(admin.clientConfig(Map.of()))) {
            KafkaRoles.provision(client, passwords);
        }
        System.out.println("kafka logins " + String.join(", ", KafkaRoles.USERS) + " and their ACLs are set on "
                + admin.bootstrap());
        return 0;
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("set " + name + " (a long random string)");
        }
        return value;
    }
}
