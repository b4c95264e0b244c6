package io.lorasweep.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.messages.Failed;
import io.lorasweep.schemas.messages.MetricPoint;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChildMessagesTest {

    @Test
    void eachMessageGoesOverTheWireAndComesBackAsItsType() {
        List<ChildMessages.Message> sent = List.of(
                new ChildMessages.Metrics(List.of(MetricPoint.of("train_loss", 3, 1.25, 1_764_000_000_000L))),
                new ChildMessages.CommandCpu(2.5),
                new ChildMessages.Done(0.8, List.of(), "artifacts/x", "ab".repeat(32)),
                new ChildMessages.Ended(Failed.Kind.DIVERGED, "loss is NaN at step 12"));
        for (ChildMessages.Message m : sent) {
            String line = ChildMessages.line(m);
            assertTrue(line.startsWith(ChildMessages.PREFIX), line);
            assertEquals(Optional.of(m), ChildMessages.parse(line));
        }
        String ended = ChildMessages.line(new ChildMessages.Ended(Failed.Kind.INVALID, "bad data"));
        assertTrue(ended.contains("\"kind\":\"ended\"") && ended.contains("\"failure\":\"invalid\""), ended);
    }

    @Test
    void libraryOutputIsNotAMessageAndAMalformedOneSaysSo() {
        assertEquals(Optional.empty(), ChildMessages.parse("INFO some library line"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChildMessages.parse(ChildMessages.PREFIX + "{\"kind\":\"surprise\"}"));
        assertTrue(e.getMessage().startsWith("malformed message from the trial process"), e.getMessage());
    }

    @Test
    void aStopSaysWhyTheAttemptEnds() {
        assertEquals("stop pruned", ChildMessages.stopLine(Failed.Kind.PRUNED));
        assertEquals(Optional.of(Failed.Kind.LOST), ChildMessages.parseStop(ChildMessages.stopLine(Agent.HANDED_BACK)));
        assertEquals(Optional.of(Failed.Kind.CANCELLED), ChildMessages.parseStop("stop now please"));
        assertEquals(Optional.empty(), ChildMessages.parseStop("status"));
    }
}
