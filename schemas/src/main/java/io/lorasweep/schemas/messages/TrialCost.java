package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What an attempt cost: {@code deviceSeconds} is wall time holding the device, {@code busySeconds} the part
 * spent computing; the price is the spec's for {@code deviceType}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrialCost(String deviceType, double deviceSeconds, double busySeconds, double pricePerHour, double costUsd) {

    /** A cost priced by wall time on the device. */
    public static TrialCost of(String deviceType, double deviceSeconds, double busySeconds, double pricePerHour) {
        return new TrialCost(deviceType, deviceSeconds, busySeconds, pricePerHour, deviceSeconds / 3600.0 * pricePerHour);
    }
}
