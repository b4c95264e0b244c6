package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** An order from the controller to the agents; JSON property {@code type} names the variant. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(Prune.class), @JsonSubTypes.Type(Cancel.class)})
public sealed interface Control extends Message permits Prune, Cancel {

    String sweepId();

    String reason();
}
