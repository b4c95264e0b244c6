package io.lorasweep.cli;

import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.lorasweep.schemas.db.Migrations;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", description = "Apply the ClickHouse migrations that are not applied yet, in order.")
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connections;

    @Override
    public Integer call() throws Exception {
        List<String> applied = migrate(connections);
        System.out.println(applied.isEmpty() ? "schema up to date" : "applied: " + String.join(", ", applied));
        return 0;
    }

    static List<String> migrate(ConnectionOptions connections) throws Exception {
        try (Connection c = ClickHouseJdbc.connect(connections.clickHouseUrl(), connections.clickHouseUser(),
                connections.clickHousePassword())) {
            return Migrations.apply(c);
        }
    }
}
