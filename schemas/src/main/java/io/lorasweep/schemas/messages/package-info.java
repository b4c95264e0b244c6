/**
 * The Kafka messages as Java records: {@link io.lorasweep.schemas.messages.TrialAssignment} on
 * {@code lora.trials}, {@link io.lorasweep.schemas.messages.TrialEvent} on {@code lora.events},
 * {@link io.lorasweep.schemas.messages.Control} on {@code lora.control} and
 * {@link io.lorasweep.schemas.messages.DeadLetter} on {@code lora.dead-letter}. Encode and decode them only
 * through {@link io.lorasweep.schemas.messages.MessageCodec}, which checks each against its JSON Schema.
 */
package io.lorasweep.schemas.messages;
