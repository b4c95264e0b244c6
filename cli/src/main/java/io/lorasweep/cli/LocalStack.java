package io.lorasweep.cli;

import io.lorasweep.schemas.messages.KafkaAccess;
import io.lorasweep.schemas.messages.KafkaRoles;
import io.lorasweep.stack.LocalServices;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;

/**
 * The one-machine stack with its logins: {@link LocalServices} starts the broker (which takes only logins) and
 * ClickHouse; then each {@link KafkaRoles} user gets a password (generated once), its SCRAM login and ACLs on the
 * broker, and its client settings in {@code .lorasweep/kafka-USER.properties} (owner-only), which commands use for
 * the local broker and an operator may copy to an agent's machine ({@code --kafka-config}).
 */
public final class LocalStack {

    private LocalStack() {
    }

    /** Starts what is not running and sets up the logins; returns the addresses. */
    public static Map<String, String> start(LocalServices services, int kafkaPort, int clickHousePort, PrintStream out)
            throws Exception {
        Map<String, String> env = services.start(kafkaPort, clickHousePort, out);
        provisionLogins(services, env.get(LocalServices.KAFKA_BOOTSTRAP));
        out.println("kafka logins " + String.join(", ", KafkaRoles.USERS) + " in " + loginFile(services, "USER"));
        return env;
    }

    /** The client settings file of {@code user}'s login to the local broker. */
    public static Path loginFile(LocalServices services, String user) {
        return services.secretFile("kafka-" + user + ".properties");
    }

    /** Gives each role its login and ACLs on the broker at {@code bootstrap}, as the admin {@code services} keeps. */
    public static void provisionLogins(LocalServices services, String bootstrap) throws Exception {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : KafkaRoles.USERS) {
            passwords.put(user, services.ensureSecret("kafka-" + user + "-password"));
        }
        try (Admin client = Admin.create(services.kafkaAdminClient(bootstrap))) {
            KafkaRoles.provision(client, passwords);
        }
        for (Map.Entry<String, String> login : passwords.entrySet()) {
            Properties settings = new Properties();
            settings.putAll(KafkaAccess.saslSettings(KafkaAccess.SCRAM_SHA_256, login.getKey(), login.getValue()));
            StringWriter text = new StringWriter();
            settings.store(text, "Kafka login " + login.getKey() + " of the local stack (written by `lorasweep "
                    + "services start`); keep it secret");
            services.writeOwnerOnly(loginFile(services, login.getKey()).getFileName().toString(), text.toString());
        }
        awaitLogin(KafkaAccess.scram(bootstrap, KafkaRoles.CONTROLLER, passwords.get(KafkaRoles.CONTROLLER)));
    }

    /** A new SCRAM login reaches the broker through its metadata log: wait until it is taken. */
    private static void awaitLogin(KafkaAccess access) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!LocalServices.kafkaAnswers(access.bootstrap(), access.clientConfig(Map.of()),
                java.time.Duration.ofSeconds(5))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the Kafka broker at " + access.bootstrap() + " did not take the login "
                        + KafkaRoles.CONTROLLER + " within 30 s of its creation");
            }
            Thread.sleep(200);
        }
    }
}
