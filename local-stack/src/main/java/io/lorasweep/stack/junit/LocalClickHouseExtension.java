package io.lorasweep.stack.junit;

import io.lorasweep.stack.chdb.LocalClickHouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the embedded ClickHouse ({@link LocalClickHouse}, chDB in a child process behind ClickHouse's HTTP
 * interface): one per test run, with its data in a temporary folder. Take a {@code LocalClickHouse} parameter.
 */
public final class LocalClickHouseExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalClickHouse.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Resource.class, key -> Resource.start(), Resource.class).clickHouse;
    }

    static final class Resource implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final LocalClickHouse clickHouse;
        final Path dir;

        private Resource(LocalClickHouse clickHouse, Path dir) {
            this.clickHouse = clickHouse;
            this.dir = dir;
        }

        static Resource start() {
            try {
                Path dir = Files.createTempDirectory("lorasweep-clickhouse-test");
                return new Resource(LocalClickHouse.start(dir.resolve("data"), 0, dir.resolve("server.log"), false),
                        dir);
            } catch (IOException e) {
                throw new IllegalStateException("could not start the test ClickHouse: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            clickHouse.close();
            TempDirs.delete(dir);
        }
    }
}
