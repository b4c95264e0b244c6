package io.lorasweep.dashboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.stack.Ports;
import io.lorasweep.stack.chdb.LocalClickHouse;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionPoolTest {

    private static long one(ConnectionPool pool) throws SQLException {
        return pool.with(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    @Test
    void startsBeforeClickHouseAndHealsAfterItRestarts(@TempDir Path dir) throws Exception {
        int port = Ports.free();
        String url = "http://127.0.0.1:" + port;
        try (ConnectionPool pool = new ConnectionPool(url, "default", "", 2)) {
            // nothing answers yet: the pool was made anyway, and a query says it cannot connect
            assertThrows(SQLException.class, () -> one(pool));
            try (LocalClickHouse ch = LocalClickHouse.start(dir.resolve("data"), port, dir.resolve("ch1.log"), false)) {
                assertEquals(1, one(pool));
                assertEquals(1, one(pool));
            }
            assertThrows(SQLException.class, () -> one(pool));
            try (LocalClickHouse ch = LocalClickHouse.start(dir.resolve("data"), port, dir.resolve("ch2.log"), false)) {
                assertEquals(1, one(pool));
            }
        }
    }

    @Test
    void aQueryErrorKeepsThePoolUsable(@TempDir Path dir) throws Exception {
        try (LocalClickHouse ch = LocalClickHouse.start(dir.resolve("data"), 0, dir.resolve("ch.log"), false);
                ConnectionPool pool = new ConnectionPool(ch.httpUrl(), "default", "", 1)) {
            SQLException e = assertThrows(SQLException.class, () -> pool.with(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeQuery("SELECT * FROM no_such_table");
                }
            }));
            assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
            assertEquals(1, one(pool));
        }
    }
}
