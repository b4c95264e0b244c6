package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.UUID;

/**
 * What an agent reports about one attempt of one trial; JSON property {@code type} names the variant.
 * {@link #eventId()} is unique per event: the ingest stores by it, so a redelivered event never counts twice.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(Started.class),
        @JsonSubTypes.Type(Heartbeat.class),
        @JsonSubTypes.Type(MetricsBatch.class),
        @JsonSubTypes.Type(Finished.class),
        @JsonSubTypes.Type(Failed.class),
        @JsonSubTypes.Type(BaselineEvals.class),
        @JsonSubTypes.Type(EvalItems.class)})
public sealed interface TrialEvent extends Message
        permits Started, Heartbeat, MetricsBatch, Finished, Failed, BaselineEvals, EvalItems {

    String eventId();

    String sweepId();

    int trialId();

    int attempt();

    /** When it happened, epoch milliseconds. */
    long at();

    /** The wire name of the variant: started, heartbeat, metrics, finished, failed, baseline or items. */
    default String typeName() {
        return getClass().getAnnotation(JsonTypeName.class).value();
    }

    /** A fresh event id for a producer. */
    static String newEventId() {
        return UUID.randomUUID().toString();
    }
}
