package io.lorasweep.agent.data;

import java.util.List;

/**
 * A training example: either instruction data ({@code instruction}, optional {@code input}, {@code output}) or a
 * chat ({@code messages}, the assistant turns being what is learnt).
 */
public record InstructionExample(String instruction, String input, String output, List<ChatMessage> messages) {

    public InstructionExample {
        messages = messages == null ? List.of() : List.copyOf(messages);
        input = input == null ? "" : input;
        if (messages.isEmpty() && (instruction == null || output == null)) {
            throw new IllegalArgumentException("an example needs instruction and output, or messages");
        }
        if (!messages.isEmpty() && messages.stream().noneMatch(m -> m.role().equals("assistant"))) {
            throw new IllegalArgumentException("a chat example needs at least one assistant message");
        }
    }

    public static InstructionExample instruction(String instruction, String input, String output) {
        return new InstructionExample(instruction, input, output, List.of());
    }

    public static InstructionExample chat(List<ChatMessage> messages) {
        return new InstructionExample(null, "", null, messages);
    }

    public boolean isChat() {
        return !messages.isEmpty();
    }
}
