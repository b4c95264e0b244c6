package io.lorasweep.eval.tasks;

/**
 * One document of a task as a training example: the zero-shot prompt exactly as the task scores it and the target
 * the task's parser reads back (lm-evaluation-harness's {@code doc_to_text} and {@code doc_to_target}). A trainer
 * learns the target after the prompt; the two are kept apart so it can tokenise them apart.
 *
 * @param id the document's id in its split
 */
public record PromptedExample(String id, String prompt, String target) {

    public PromptedExample {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty, got '" + id + "'");
        }
        if (prompt == null || target == null || target.isEmpty()) {
            throw new IllegalArgumentException("example " + id + " needs a prompt and a non-empty target");
        }
    }
}
