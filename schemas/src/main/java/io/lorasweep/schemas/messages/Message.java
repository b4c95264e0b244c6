package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Every record that travels on a topic. Each carries the version of its contract, so a reader can refuse a newer one. */
public sealed interface Message permits TrialAssignment, TrialEvent, Control, DeadLetter {

    /** The only version of the message contracts so far. */
    int SCHEMA_VERSION = 1;

    @JsonProperty("schema_version")
    default int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
