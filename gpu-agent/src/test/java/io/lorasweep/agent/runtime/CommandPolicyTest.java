package io.lorasweep.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandPolicyTest {

    @Test
    void noneByDefaultAnyOrOnlyTheProgramsListedAsTheSpecWritesThem() {
        assertTrue(CommandPolicy.NONE.refusal(List.of("python3", "train.py")).orElseThrow()
                .contains("--allow-commands"));
        assertEquals(Optional.empty(), CommandPolicy.ANY.refusal(List.of("bash", "-c", "anything")));
        CommandPolicy python = CommandPolicy.only(List.of("python3", "/opt/venv/bin/python"));
        assertEquals(Optional.empty(), python.refusal(List.of("python3", "train.py")));
        assertEquals(Optional.empty(), python.refusal(List.of("/opt/venv/bin/python", "train.py")));
        assertEquals("this agent does not run /tmp/python3: it allows only /opt/venv/bin/python, python3",
                python.refusal(List.of("/tmp/python3")).orElseThrow(), "a program of the same name elsewhere");
        assertTrue(python.refusal(List.of("bash")).isPresent());
    }
}
