package io.lorasweep.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.controller.ControllerConfig;
import io.lorasweep.controller.ControllerService;
import io.lorasweep.devtools.SeedPlan;
import io.lorasweep.devtools.SyntheticHistory;
import io.lorasweep.schemas.messages.KafkaAccess;
import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.junit.LocalClickHouseExtension;
import io.lorasweep.stack.junit.LocalKafkaExtension;
import io.lorasweep.stack.kafka.KafkaBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller's start does not grow with the history on record: with a 100,000-trial sweep in ClickHouse (what
 * {@code ./lorasweep dev seed --trials 100000} writes) it is up within 10 s here. It used to load every sweep, one
 * metrics query per trial: 14 minutes, during which no sweep ran.
 */
@Tag("reliability")
@ExtendWith({LocalKafkaExtension.class, LocalClickHouseExtension.class})
class RestartWithHistoryTest {

    @TempDir
    Path spool;

    @Test
    void aControllerStartsWithinTenSecondsOfAHundredThousandTrialsOnRecord(KafkaBroker kafka, LocalClickHouse ch)
            throws Exception {
        SyntheticHistory.Result history = new SyntheticHistory(ch.httpUrl(), "default", "")
                .write(new SeedPlan(100_000, 2, 7), null);
        long started = System.nanoTime();
        try (ControllerService controller = ControllerService.start(new ControllerConfig(KafkaAccess.plaintext(kafka.bootstrapServers()),
                ch.httpUrl(), "default", "", "127.0.0.1", 0, "restart-token", null, 30_000, spool))) {
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("controller up in %.2f s with %,d trials on record%n", seconds, history.trials());
            assertTrue(seconds <= 10, "the controller took " + seconds + " s to start");
            ControllerService.SweepSummary listed = controller.listSweeps().stream()
                    .filter(s -> s.sweepId().equals(history.sweepId())).findFirst().orElseThrow();
            assertEquals(100_000L, listed.trialsByState().values().stream().mapToLong(Long::longValue).sum(),
                    listed.toString());
            assertEquals("finished", listed.state());
        }
    }
}
