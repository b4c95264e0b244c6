package io.lorasweep.agent.data;

/** One turn of a chat example: role (system, user or assistant) and its text. */
public record ChatMessage(String role, String content) {

    public ChatMessage {
        if (!role.equals("system") && !role.equals("user") && !role.equals("assistant")) {
            throw new IllegalArgumentException("role must be system, user or assistant, got '" + role + "'");
        }
        if (content == null) {
            throw new IllegalArgumentException("content must not be null");
        }
    }
}
