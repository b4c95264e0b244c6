package io.lorasweep.schemas.spec;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What the built-in trainer learns from: either instruction files ({@code train}, {@code eval}, optional
 * {@code test}, rendered with {@code promptTemplate} or the Alpaca layout), or the data of one of the sweep's eval
 * tasks ({@code task}), rendered with the very prompt that task scores, so an adapter is scored on the layout it
 * learned.
 *
 * @param train          instruction or chat JSONL to train on; null when {@code task} is given
 * @param eval           instruction or chat JSONL for the eval loss; null when {@code task} is given
 * @param test           optional further split, handed to a trainer command
 * @param task           the name of an eval task of the sweep (of type ner or summarization) whose training split
 *                       is trained on and whose validation split (its test items when it has none) gives the eval
 *                       loss; null for instruction files
 * @param promptTemplate the user's layout of an instruction example, with {@code {instruction}} and optionally
 *                       {@code {input}}; null for the Alpaca layout
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Dataset(String train, String eval, String test, String task, String promptTemplate) {

    public static final String INSTRUCTION = "{instruction}";
    public static final String INPUT = "{input}";

    /** Instruction files in the Alpaca layout. */
    public Dataset(String train, String eval, String test) {
        this(train, eval, test, null, null);
    }

    /** The training data of the sweep's eval task {@code task}, rendered with that task's prompt. */
    public static Dataset ofTask(String task) {
        return new Dataset(null, null, null, task, null);
    }

    /** Whether the trainer learns from an eval task's data rather than from instruction files. */
    public boolean fromTask() {
        return task != null;
    }
}
