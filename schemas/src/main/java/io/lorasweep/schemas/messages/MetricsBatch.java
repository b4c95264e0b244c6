package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** Intermediate metrics of the attempt (loss, eval values), which the pruner reads; never empty. */
@JsonTypeName("metrics")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetricsBatch(String eventId, String sweepId, int trialId, int attempt, List<MetricPoint> points, long at)
        implements TrialEvent {

    public MetricsBatch {
        points = points == null ? List.of() : List.copyOf(points);
    }
}
