package io.lorasweep.schemas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.junit.LocalClickHouseExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every connection carries a statement time limit that ClickHouse enforces, and the client waits only so long. */
@ExtendWith(LocalClickHouseExtension.class)
class StatementLimitTest {

    /** Long enough that only a time limit ends it (hours at this machine's speed). */
    private static final String HEAVY_READ =
            "SELECT count() FROM numbers(100000000000) WHERE sipHash64(number) % 7 = 3";

    @Test
    void aHeavyReadIsStoppedByClickHouseAndTheConnectionGoesOn(LocalClickHouse clickHouse) throws Exception {
        try (Connection c = DriverManager.getConnection(ClickHouseJdbc.jdbcUrl(clickHouse.httpUrl()),
                ClickHouseJdbc.connectionProperties("default", "", Duration.ofSeconds(1)));
             Statement s = c.createStatement()) {
            SQLException stopped = assertThrows(SQLException.class, () -> s.executeQuery(HEAVY_READ).next());
            // the driver keeps the same limit as a deadline of its own, so either side may be first to say so
            assertTrue(stopped.getMessage().toLowerCase(java.util.Locale.ROOT).matches(
                    "(?s).*(time exceeded|timeout_exceeded).*"), stopped.getMessage());
            try (Statement next = c.createStatement();
                 ResultSet rs = next.executeQuery("SELECT sum(number) FROM numbers(100)")) {
                assertTrue(rs.next());
                assertEquals(4950, rs.getLong(1));
            }
        }
    }

    @Test
    void writersAndReadersHaveTheirOwnLimits(LocalClickHouse clickHouse) throws Exception {
        try (Connection writer = ClickHouseJdbc.connect(clickHouse.httpUrl(), "default", "");
             Connection reader = DriverManager.getConnection(ClickHouseJdbc.jdbcUrl(clickHouse.httpUrl()),
                     ClickHouseJdbc.connectionProperties("default", "", ClickHouseJdbc.READ_LIMIT))) {
            assertEquals(ClickHouseJdbc.STATEMENT_LIMIT.toSeconds(), setting(writer));
            assertEquals(ClickHouseJdbc.READ_LIMIT.toSeconds(), setting(reader));
        }
        assertThrows(IllegalArgumentException.class,
                () -> ClickHouseJdbc.connectionProperties("default", "", Duration.ofMillis(10)));
    }

    private static long setting(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT toUInt64(getSetting('max_execution_time'))")) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }
}
