package io.lorasweep.eval.tasks;

/** Builds a task of one type from its configuration; registered in {@link TaskRegistry} under the type's name. */
@FunctionalInterface
public interface TaskFactory {

    Task create(TaskConfig config);
}
