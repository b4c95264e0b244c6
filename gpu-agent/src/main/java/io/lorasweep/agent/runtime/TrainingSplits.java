package io.lorasweep.agent.runtime;

import io.lorasweep.agent.data.InstructionExample;
import io.lorasweep.agent.data.JsonlDataset;
import io.lorasweep.agent.data.PromptCompletion;
import io.lorasweep.agent.data.PromptTemplate;
import io.lorasweep.agent.data.TokenizedExample;
import io.lorasweep.agent.model.TextTokenizer;
import io.lorasweep.eval.tasks.PromptedExample;
import io.lorasweep.eval.tasks.Task;
import io.lorasweep.eval.tasks.TrainableTask;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.spec.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a built-in trial trains on and takes its eval loss on, tokenised for its base model: the documents of one of
 * the sweep's eval tasks rendered with that task's own prompt ({@code dataset.task}), so the adapter learns the layout
 * it is scored on; or instruction files rendered with the sweep's {@code prompt_template} (the Alpaca layout when it
 * has none). Either way the prompt is encoded as a whole text, BOS as the tokenizer's config says.
 *
 * @param trainName what the training split is, for messages
 * @param evalName  what the eval split is, for messages
 */
record TrainingSplits(String trainName, Function<TextTokenizer, List<TokenizedExample>> train, String evalName,
                      Function<TextTokenizer, List<TokenizedExample>> eval) {

    /**
     * @param tasks the assignment's eval tasks, built and in the assignment's order
     * @throws IllegalArgumentException when the dataset names a task that is not among them or cannot be trained on
     */
    static TrainingSplits of(TrialAssignment a, List<Task> tasks, Path dataRoot) {
        Dataset dataset = a.dataset();
        if (dataset.fromTask()) {
            TrainableTask task = trainable(dataset.task(), tasks);
            String name = "task " + task.name();
            return new TrainingSplits("the training split of " + name,
                    tokenizer -> PromptCompletion.tokenizeAll(nonEmpty(task.trainingExamples(), name), tokenizer),
                    "the validation split of " + name,
                    tokenizer -> PromptCompletion.tokenizeAll(nonEmpty(task.validationExamples(), name), tokenizer));
        }
        if (dataset.train() == null || dataset.eval() == null) {
            throw new IllegalArgumentException("the dataset names neither a task nor train and eval files");
        }
        PromptTemplate template = dataset.promptTemplate() == null ? PromptTemplate.ALPACA
                : PromptTemplate.of(dataset.promptTemplate());
        Path train = dataRoot.resolve(dataset.train());
        Path eval = dataRoot.resolve(dataset.eval());
        return new TrainingSplits(dataset.train(), tokenizer -> instructions(train, template, tokenizer),
                dataset.eval(), tokenizer -> instructions(eval, template, tokenizer));
    }

    private static TrainableTask trainable(String name, List<Task> tasks) {
        for (Task task : tasks) {
            if (task.name().equals(name)) {
                if (task instanceof TrainableTask trainable) {
                    return trainable;
                }
                throw new IllegalArgumentException("task " + name + " cannot render its data as training examples; "
                        + "train on a ner or summarization task, or on instruction files");
            }
        }
        throw new IllegalArgumentException("the dataset names task " + name + ", which is not among the eval tasks "
                + tasks.stream().map(Task::name).toList());
    }

    private static List<PromptedExample> nonEmpty(List<PromptedExample> examples, String task) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(task + " has no documents in this split (a train.jsonl to train on)");
        }
        return examples;
    }

    private static List<TokenizedExample> instructions(Path file, PromptTemplate template, TextTokenizer tokenizer) {
        List<InstructionExample> examples = JsonlDataset.read(file);
        List<TokenizedExample> out = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            try {
                out.add(template.tokenize(examples.get(i), tokenizer));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " example " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
