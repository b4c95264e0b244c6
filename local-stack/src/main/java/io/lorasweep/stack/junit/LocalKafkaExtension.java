package io.lorasweep.stack.junit;

import io.lorasweep.stack.Ports;
import io.lorasweep.stack.kafka.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real Kafka broker ({@link KafkaBroker}) in this JVM: one per test run, started on first use, shut
 * down when the run ends. Use {@code @ExtendWith(LocalKafkaExtension.class)} and take a {@code KafkaBroker}
 * parameter.
 */
public final class LocalKafkaExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Resource.class, key -> Resource.start(), Resource.class).broker;
    }

    /** The broker and its temporary data, closed by JUnit when the root context closes. */
    static final class Resource implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final KafkaBroker broker;
        final Path dataDir;

        private Resource(KafkaBroker broker, Path dataDir) {
            this.broker = broker;
            this.dataDir = dataDir;
        }

        static Resource start() {
            try {
                Path dir = Files.createTempDirectory("lorasweep-kafka-test");
                return new Resource(KafkaBroker.start(dir, "127.0.0.1", Ports.free(), Ports.free()), dir);
            } catch (IOException e) {
                throw new IllegalStateException("could not start the test Kafka broker: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            broker.close();
            TempDirs.delete(dataDir);
        }
    }
}
