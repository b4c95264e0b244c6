package io.lorasweep.agent.model;

import ai.djl.ndarray.NDArray;

/** A trainable array and the name it is saved under (PEFT key or HF tensor name). */
public record NamedParameter(String name, NDArray array) {
}
