package io.lorasweep.agent.runtime;

import io.lorasweep.agent.model.ComputeDevice;
import io.lorasweep.schemas.messages.Failed;
import io.lorasweep.schemas.messages.MessageCodec;
import io.lorasweep.schemas.messages.TrialAssignment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The process of one trial (DJL allows one gradient collector per JVM, and a native crash must not take the agent
 * down). Usage: {@code TrialMain ASSIGNMENT.json DATA_ROOT ARTIFACTS DEVICE}. Reports on standard output (see
 * {@link ChildMessages}); reads {@code stop pruned|cancelled} on standard input.
 */
public final class TrialMain {

    private TrialMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: TrialMain ASSIGNMENT.json DATA_ROOT ARTIFACTS DEVICE");
            System.exit(2);
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        // libraries that print go to standard error, so only our lines are on standard output
        System.setOut(System.err);
        TrialAssignment assignment = MessageCodec.decode(Files.readAllBytes(Path.of(args[0])), TrialAssignment.class)
                .orElseThrow();
        AtomicReference<Failed.Kind> stop = new AtomicReference<>();
        Thread commands = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    ChildMessages.parseStop(line).ifPresent(why -> stop.compareAndSet(null, why));
                }
            } catch (java.io.IOException ignored) {
                // handled below, like the end of input
            }
            // the agent is gone (killed, say): nobody can report this trial, and the controller will retry it
            // elsewhere, so an orphan must not keep the device busy
            stop.compareAndSet(null, Failed.Kind.CANCELLED);
        }, "trial-commands");
        commands.setDaemon(true);
        commands.start();
        Object lock = new Object();
        Consumer<ChildMessages.Message> emit = message -> {
            synchronized (lock) {
                out.println(ChildMessages.line(message));
            }
        };
        TrialRunner runner = new TrialRunner(Path.of(args[1]), Path.of(args[2]), ComputeDevice.parse(args[3]), emit,
                stop::get);
        try {
            TrialRunner.input("the assignment's paths", () -> {
                new DataRoot(Path.of(args[1])).confine(assignment);
                return null;
            });
            if (assignment.trainer() != null) {
                new CommandTrial(runner, Path.of(args[1]), Path.of(args[2]), emit, stop::get).run(assignment);
            } else {
                runner.run(assignment);
            }
        } catch (InvalidTrialException e) {
            System.err.println(e.getMessage());
            out.println(ChildMessages.line(new ChildMessages.Ended(Failed.Kind.INVALID, e.getMessage())));
        } catch (Exception | Error e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            System.err.println(trace);
            out.println(ChildMessages.line(new ChildMessages.Ended(Failed.Kind.ERROR, e.toString())));
        }
        out.flush();
        System.exit(0);
    }
}
