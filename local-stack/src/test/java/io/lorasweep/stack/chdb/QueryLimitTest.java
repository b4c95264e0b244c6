package io.lorasweep.stack.chdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The time limit the embedded ClickHouse's front gives each statement. */
class QueryLimitTest {

    @Test
    void theClientsLimitHoldsWithinTheFrontsCap() {
        assertEquals(60, ClickHouseHttpServer.limitSeconds(null, 60), "no limit asked: the cap");
        assertEquals(60, ClickHouseHttpServer.limitSeconds(" ", 60));
        assertEquals(15, ClickHouseHttpServer.limitSeconds("15", 60));
        assertEquals(1, ClickHouseHttpServer.limitSeconds("0.2", 60), "rounded up to whole seconds");
        assertEquals(2, ClickHouseHttpServer.limitSeconds("1.5", 60));
        assertEquals(60, ClickHouseHttpServer.limitSeconds("3600", 60), "no client runs past the cap");
        assertEquals(60, ClickHouseHttpServer.limitSeconds("0", 60), "ClickHouse's 'no limit' is the cap here");
    }

    @Test
    void aLimitThatIsNotANumberIsRefused() {
        for (String bad : new String[] {"soon", "-1", "NaN", "1e", "--1"}) {
            assertEquals(-1, ClickHouseHttpServer.limitSeconds(bad, 60), bad);
        }
    }
}
