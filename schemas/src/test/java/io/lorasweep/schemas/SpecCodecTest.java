package io.lorasweep.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.lorasweep.schemas.spec.Dataset;
import io.lorasweep.schemas.spec.Distribution;
import io.lorasweep.schemas.spec.EvalTask;
import io.lorasweep.schemas.spec.LoraParameters;
import io.lorasweep.schemas.spec.Metric;
import io.lorasweep.schemas.spec.Parameter;
import io.lorasweep.schemas.spec.Pruner;
import io.lorasweep.schemas.spec.Sampler;
import io.lorasweep.schemas.spec.SweepSpec;
import io.lorasweep.schemas.spec.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecCodecTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** The smallest valid spec; each case below replaces top-level sections of it. */
    private static final String MINIMAL = """
            name: tiny
            base_model: models/tiny
            dataset: {train: data/train.jsonl, eval: data/eval.jsonl}
            tasks: [{name: ner, type: ner, data: data/eval.jsonl}]
            parameters:
              rank: {values: [8, 16]}
            metric: {name: ner/f1, goal: maximize}
            sampler: {type: tpe}
            budget: {max_trials: 4, max_parallel: 1}
            """;

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of("parameters: {rank: {values: []}}",
                        List.of("parameters.rank.values: must be a non-empty list of positive integers")),
                Arguments.of("parameters: {warmup: {values: []}}",
                        List.of("parameters.warmup.values: must be a non-empty list")),
                Arguments.of("parameters: {rank: {values: [8, 0, 16]}}",
                        List.of("parameters.rank.values: must be a non-empty list of positive integers")),
                Arguments.of("parameters: {learning_rate: {distribution: uniform, min: 0.1, max: 0.01}}",
                        List.of("parameters.learning_rate.min: must be less than max (got min=0.1, max=0.01)")),
                Arguments.of("parameters: {learning_rate: {distribution: log_uniform_values, min: 0, max: 0.01}}",
                        List.of("parameters.learning_rate.min: must be greater than 0 for log_uniform_values (got 0)")),
                Arguments.of("parameters: {lr: {distribution: q_log_uniform_values, min: -1, max: -2, q: 1}}",
                        List.of("parameters.lr.min: must be greater than 0 for q_log_uniform_values (got -1)",
                                "parameters.lr.max: must be greater than 0 for q_log_uniform_values (got -2)")),
                Arguments.of("parameters: {learning_rate: {distribution: uniform, min: 0, max: 0.01}}",
                        List.of("parameters.learning_rate.min: must be a positive number (got 0)")),
                Arguments.of("parameters: {target_modules: {values: [q_proj, qproj]}}",
                        List.of("parameters.target_modules.values[1]: unknown target module \"qproj\"; known: q_proj, "
                                + "k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, all-linear")),
                Arguments.of("parameters: {target_modules: {values: [[q_proj, v_proj], [q_proj, vproj]]}}",
                        List.of("parameters.target_modules.values[1][1]: unknown target module \"vproj\"; known: q_proj, "
                                + "k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, all-linear")),
                Arguments.of("parameters: {target_modules: {values: [[q_proj, v_proj], [v_proj, q_proj]]}}",
                        List.of("parameters.target_modules.values[1]: same modules as values[0]")),
                Arguments.of("parameters: {target_modules: {values: [[q_proj, all-linear]]}}",
                        List.of("parameters.target_modules.values[0]: \"all-linear\" already covers every module; give it alone")),
                Arguments.of("parameters: {rank: {distribution: int_uniform, min: 4, max: 32.5}}",
                        List.of("parameters.rank.max: must be an integer for int_uniform (got 32.5)")),
                Arguments.of("parameters: {rank: {distribution: uniform, min: 4, max: 32}}",
                        List.of("parameters.rank.distribution: rank takes integers; use int_uniform, q_uniform or "
                                + "q_log_uniform_values (got uniform)")),
                Arguments.of("parameters: {batch: {distribution: q_uniform, min: 1, max: 8, q: 0}}",
                        List.of("parameters.batch.q: must be greater than 0 (got 0)")),
                Arguments.of("parameters: {batch: {distribution: q_uniform, min: 1, max: 8}}",
                        List.of("parameters.batch.q: is required for q_uniform")),
                Arguments.of("parameters: {batch: {distribution: uniform, min: 1, max: 8, q: 2}}",
                        List.of("parameters.batch.q: only applies to q_uniform and q_log_uniform_values")),
                Arguments.of("parameters: {lr: {distribution: uniform, min: 0.1}}",
                        List.of("parameters.lr.max: is required")),
                Arguments.of("parameters: {rank: {values: [8, 16, 8]}}",
                        List.of("parameters.rank.values[2]: duplicate value 8")),
                Arguments.of("parameters: {rank: {values: [8], value: 8}}",
                        List.of("parameters.rank: must have exactly one of values, value or distribution (got values and value)")),
                Arguments.of("parameters: {rank: {valus: [8]}}",
                        List.of("parameters.rank: must have exactly one of values, value or distribution (got none)",
                                "parameters.rank.valus: unknown field; did you mean \"values\"?")),
                Arguments.of("parameters: {dropout: {value: 1}}",
                        List.of("parameters.dropout.value: must be a number from 0 up to but not including 1 (got 1)")),
                Arguments.of("parameters: {use_dora: {distribution: uniform, min: 0, max: 1}}",
                        List.of("parameters.use_dora.distribution: use_dora takes booleans (true or false); list them under values")),
                Arguments.of("parameters: {rank: {values: [8]}, use_dora: {values: [true], condition: {parameter: rnk, in: [8]}}}",
                        List.of("parameters.use_dora.condition.parameter: unknown parameter \"rnk\"; known: rank")),
                Arguments.of("parameters: {rank: {values: [8]}, use_dora: {values: [true], condition: {parameter: rank, in: [64]}}}",
                        List.of("parameters.use_dora.condition.in[0]: rank never takes 64; its values: 8")),
                Arguments.of("fixed: {quantization: int4}",
                        List.of("fixed.quantization: must be \"nf4\" or \"none\" (got \"int4\")")),
                Arguments.of("fixed: {rank: 8}",
                        List.of("fixed.rank: is also in parameters; define it in one place")),
                Arguments.of("parameters: {alpha: {values: [16]}, alpha_multiplier: {value: 2}}",
                        List.of("parameters.alpha_multiplier: give alpha or alpha_multiplier, not both")),
                Arguments.of("metric: {name: ner/f1, goal: up}",
                        List.of("metric.goal: must be one of minimize, maximize (got \"up\")")),
                Arguments.of("objectives: [{name: gpu_hours, goal: minimize}, {name: ner/f1, goal: maximize}]",
                        List.of("metric: must be the first of objectives when both are given (it is gpu_hours, "
                                + "minimize)", "objectives[0].name: gpu_hours is known only when a trial ends, so it "
                                + "cannot be the first objective (the one agents report while training and the pruner "
                                + "follows); put a measured metric first")),
                Arguments.of("objectives: [{name: ner/f1, goal: maximize}, {name: ner/f1, goal: maximize}]",
                        List.of("objectives[1].name: \"ner/f1\" is already an objective")),
                Arguments.of("objectives: [{name: ner/f1, goal: maximize}, {name: summary/rouge1, goal: maximize}]",
                        List.of("objectives[1].name: names unknown task \"summary\"; tasks: ner")),
                Arguments.of("paramters: {}",
                        List.of("paramters: unknown field; did you mean \"parameters\"?")),
                Arguments.of("sampler: {type: tpe, sed: 1}",
                        List.of("sampler.sed: unknown field; did you mean \"seed\"?")),
                Arguments.of("colour: blue",
                        List.of("colour: unknown field; allowed: schema_version, name, base_model, dataset, tasks, "
                                + "parameters, fixed, metric, objectives, warm_start, sampler, pruner, budget, baseline, "
                                + "regression_gates, prices, max_retries, trainer")),
                Arguments.of("trainer: {command: []}",
                        List.of("trainer.command: must be a non-empty list")),
                Arguments.of("trainer: {command: [python3, \"\"]}",
                        List.of("trainer.command[1]: must not be empty")),
                Arguments.of("trainer: {command: python3 train.py}",
                        List.of("trainer.command: must be a list (got \"python3 train.py\")")),
                Arguments.of("trainer: {timeout_minutes: 0}",
                        List.of("trainer.command: is required", "trainer.timeout_minutes: must be at least 1 (got 0)")),
                Arguments.of("trainer: {command: [python3], shell: true}",
                        List.of("trainer.shell: unknown field; allowed: command, timeout_minutes")),
                Arguments.of("sampler: {type: grid}\nparameters: {lr: {distribution: uniform, min: 0.1, max: 0.2}}",
                        List.of("parameters.lr.distribution: the grid sampler needs values or value; it cannot enumerate a distribution")),
                Arguments.of("pruner: {type: median, reduction_factor: 3}",
                        List.of("pruner.reduction_factor: does not apply to the median pruner; it reads interval_steps, "
                                + "n_min_trials, n_startup_trials, n_warmup_steps")),
                Arguments.of("budget: {max_trials: ten, max_parallel: 1}",
                        List.of("budget.max_trials: must be an integer (got \"ten\")")),
                Arguments.of("budget: {max_trials: 2, max_parallel: 4}",
                        List.of("budget.max_parallel: must not exceed max_trials (got max_parallel=4, max_trials=2)")),
                Arguments.of("regression_gates: [{task: mmlu, metric: accuracy, max_drop: 0.02}]",
                        List.of("regression_gates[0].task: unknown task \"mmlu\"; tasks: ner")),
                Arguments.of("regression_gates: [{task: ner, metric: char_error, max_drop: 0.02}]",
                        List.of("regression_gates[0].metric: a ner task declares no metric \"char_error\", so which "
                                + "way it improves is unknown: name a declared one or state higher_is_better")),
                Arguments.of("regression_gates: [{task: ner, metric: f1, max_drop: 0.02, higher: true}]",
                        List.of("regression_gates[0].higher: unknown field; allowed: task, metric, max_drop, "
                                + "higher_is_better")),
                Arguments.of("tasks: [{name: ner, type: ner, data: a}, {name: ner, type: perplexity, data: b}]",
                        List.of("tasks[1].name: duplicate task name \"ner\"")),
                Arguments.of("tasks: [{name: ner, type: nerr, data: a}]",
                        List.of("tasks[0].type: must be one of ner, summarization, multiple_choice, perplexity (got \"nerr\")")),
                Arguments.of("tasks: []",
                        List.of("tasks: must be a non-empty list")),
                Arguments.of("name: \"my sweep!\"",
                        List.of("name: must contain only letters, digits, '.', '_' and '-'")),
                Arguments.of("schema_version: 2",
                        List.of("schema_version: unsupported schema version 2; this build reads version 1")),
                Arguments.of("dataset: {}",
                        List.of("dataset.train: is required, unless dataset.task names an eval task to train on",
                                "dataset.eval: is required, unless dataset.task names an eval task to train on")),
                Arguments.of("dataset: {train: a.jsonl}",
                        List.of("dataset.eval: is required, unless dataset.task names an eval task to train on")),
                Arguments.of("dataset: {task: nre}",
                        List.of("dataset.task: unknown task \"nre\"; tasks: ner")),
                Arguments.of("dataset: {task: 3}",
                        List.of("dataset.task: must be a string (got 3)")),
                Arguments.of("dataset: {tsk: ner}",
                        List.of("dataset.train: is required, unless dataset.task names an eval task to train on",
                                "dataset.eval: is required, unless dataset.task names an eval task to train on",
                                "dataset.tsk: unknown field; did you mean \"task\"?")),
                Arguments.of("dataset: {task: ner, train: a.jsonl, eval: b.jsonl}",
                        List.of("dataset.train: give either task (train on an eval task's data) or instruction files "
                                        + "(train and eval), not both",
                                "dataset.eval: give either task (train on an eval task's data) or instruction files "
                                        + "(train and eval), not both")),
                Arguments.of("dataset: {task: ner, prompt_template: \"{instruction}\\n\"}",
                        List.of("dataset.prompt_template: applies to instruction files; the data of task \"ner\" is "
                                + "rendered with that task's own prompt")),
                Arguments.of("tasks: [{name: ppl, type: perplexity, data: a.txt}]\ndataset: {task: ppl}\n"
                                + "metric: {name: eval_loss, goal: minimize}",
                        List.of("dataset.task: task \"ppl\" is of type perplexity, whose data has no prompt and "
                                + "answer to learn; train on a ner or summarization task, or on instruction files "
                                + "(train and eval)")),
                Arguments.of("dataset: {task: ner}\ntrainer: {command: [python3, train.py]}",
                        List.of("dataset.task: a trainer command reads instruction files (LORASWEEP_TRAIN_FILE and "
                                + "LORASWEEP_EVAL_FILE); give dataset.train and dataset.eval, or drop the trainer to "
                                + "train on task \"ner\" with the built-in trainer")),
                Arguments.of("dataset: {train: a.jsonl, eval: b.jsonl, prompt_template: \"Q: {question}\\nA:\"}",
                        List.of("dataset.prompt_template: unknown placeholder {question}; a template may use "
                                + "{instruction} and {input} (the output follows the template)")),
                Arguments.of("dataset: {train: a.jsonl, eval: b.jsonl, prompt_template: \"Answer the question.\"}",
                        List.of("dataset.prompt_template: must contain {instruction} (where each example's "
                                + "instruction goes)")),
                Arguments.of("dataset: {train: a.jsonl, eval: b.jsonl, prompt_template: \"\"}",
                        List.of("dataset.prompt_template: must not be empty")));
    }

    @ParameterizedTest
    @MethodSource("invalidSpecs")
    void reportsTheBrokenRuleInPlainWords(String override, List<String> expected) {
        assertEquals(expected, messages(SpecCodec.validate(withOverride(override), true)));
    }

    @Test
    void theQualityAgainstCostExampleParses() throws IOException {
        SweepSpec spec = SpecCodec.parseYaml(resource("examples/quality-cost-sweep.yaml"));
        assertTrue(spec.multiObjective());
        assertEquals(List.of("clinical-ner/f1", "gpu_hours"), spec.objectives().stream().map(Metric::name).toList());
    }

    @Test
    void aSweepWithSeveralObjectivesHasTheFirstAsItsMetric() {
        ObjectNode spec = (ObjectNode) readYaml(MINIMAL);
        spec.remove("metric");
        spec.set("objectives", readYaml("[{name: ner/f1, goal: maximize}, {name: gpu_hours, goal: minimize}]"));
        SweepSpec parsed = SpecCodec.parseJson(spec.toString());
        assertEquals(new Metric("ner/f1", Metric.Goal.MAXIMIZE), parsed.metric());
        assertEquals(2, parsed.objectives().size());
        assertTrue(parsed.multiObjective());
        assertTrue(parsed.objectives().get(1).isCost());
        assertEquals(parsed, SpecCodec.parseJson(SpecCodec.toJson(parsed)));
        // one objective: the metric, also as the list of objectives
        SweepSpec single = SpecCodec.parseYaml(MINIMAL);
        assertEquals(List.of(single.metric()), single.objectives());
        assertEquals(single, SpecCodec.parseJson(SpecCodec.toJson(single)));
        spec.remove("objectives");
        assertEquals(List.of("metric: is required: the objective to optimise (or objectives, for several)"),
                messages(SpecCodec.validate(spec.toString(), false)));
    }

    @Test
    void reportsAMissingRequiredFieldAtItsOwnPath() {
        ObjectNode spec = (ObjectNode) readYaml(MINIMAL);
        spec.remove("name");
        assertEquals(List.of("name: is required"), messages(SpecCodec.validate(spec.toString(), false)));
    }

    @Test
    void reportsEveryErrorAtOnceInDocumentOrder() {
        String text = withOverride("""
                paramters: {}
                parameters:
                  rank: {values: []}
                  learning_rate: {distribution: log_uniform_values, min: 0.1, max: 0.01}
                  target_modules: {values: [q_proj, qproj]}
                metric: {name: ner/f1, goal: best}
                """);
        ContractException error = assertThrows(ContractException.class, () -> SpecCodec.parseYaml(text));
        List<String> expected = List.of(
                "parameters.rank.values: must be a non-empty list of positive integers",
                "parameters.learning_rate.min: must be less than max (got min=0.1, max=0.01)",
                "parameters.target_modules.values[1]: unknown target module \"qproj\"; known: q_proj, k_proj, v_proj, "
                        + "o_proj, gate_proj, up_proj, down_proj, all-linear",
                "metric.goal: must be one of minimize, maximize (got \"best\")",
                "paramters: unknown field; did you mean \"parameters\"?");
        assertEquals(expected, messages(error.errors()));
        assertEquals(String.join("; ", expected), error.getMessage());
    }

    @Test
    void malformedYamlIsOneErrorNamingLineAndColumn() {
        List<ValidationError> errors = SpecCodec.validate("name: tiny\nbase_model: m\n  dataset: x\n", true);
        assertEquals(List.of("(root): malformed YAML at line 3, column 10: mapping values are not allowed here"), messages(errors));
    }

    @Test
    void unclosedFlowListNamesWhereItStarted() {
        List<ValidationError> errors = SpecCodec.validate("name: tiny\ntasks: [a, b\nmetric: x\n", true);
        assertEquals(List.of("(root): malformed YAML at line 3, column 7: expected ',' or ']', but got : "
                + "(while parsing a flow sequence started at line 2, column 8)"), messages(errors));
    }

    @Test
    void duplicateKeysAreErrors() {
        List<ValidationError> errors = SpecCodec.validate("name: a\nname: b\n", true);
        assertEquals(List.of("(root): malformed YAML at line 2, column 5: duplicate key \"name\""), messages(errors));
    }

    @Test
    void malformedJsonIsOneErrorNamingLineAndColumn() {
        List<ValidationError> errors = SpecCodec.validate("{\"name\": \"tiny\",\n}", false);
        assertEquals(List.of("(root): malformed JSON at line 2, column 1: Unexpected character ('}' (code 125)): "
                + "was expecting double-quote to start field name"), messages(errors));
    }

    @Test
    void emptyAndNonObjectDocumentsAreRefusedAtTheRoot() {
        assertEquals(List.of("(root): the document is empty"), messages(SpecCodec.validate("  \n", true)));
        assertEquals(List.of("(root): the document is empty"), messages(SpecCodec.validate("# only a comment\n", true)));
        assertEquals(List.of("(root): must be an object (got a list)"), messages(SpecCodec.validate("- a\n- b\n", true)));
    }

    @Test
    void theShippedExampleParses() throws IOException {
        SweepSpec spec = SpecCodec.parseYaml(resource("examples/ner-sweep.yaml"));
        assertEquals("clinical-ner-lora", spec.name());
        EvalTask ner = spec.tasks().get(0);
        assertEquals(EvalTask.Type.NER, ner.type());
        assertEquals(List.of("MEDICATION", "DOSAGE", "CONDITION", "PROCEDURE"), ner.labels());
        assertEquals(new Parameter.Categorical(List.of(8, 16, 32), null), spec.parameters().get(LoraParameters.RANK));
        Parameter.Sampled learningRate = assertInstanceOf(Parameter.Sampled.class, spec.parameters().get(LoraParameters.LEARNING_RATE));
        assertEquals(Distribution.LOG_UNIFORM_VALUES, learningRate.distribution());
        assertEquals(1e-5, learningRate.min());
        assertEquals(1e-3, learningRate.max());
        Parameter.Categorical modules = assertInstanceOf(Parameter.Categorical.class, spec.parameters().get(LoraParameters.TARGET_MODULES));
        assertEquals(List.of(List.of("q_proj", "v_proj"), List.of("q_proj", "k_proj", "v_proj", "o_proj"), "all-linear"), modules.values());
        assertEquals(LoraParameters.MODULES, LoraParameters.modules(modules.values().get(2)));
        assertEquals(List.of("rank", "alpha", "target_modules", "learning_rate", "dropout", "use_dora"),
                List.copyOf(spec.parameters().keySet()));
        assertEquals("nf4", spec.fixed().get(LoraParameters.QUANTIZATION));
        assertEquals(Metric.Goal.MAXIMIZE, spec.metric().goal());
        assertEquals(Sampler.Type.TPE, spec.sampler().type());
        assertEquals(Pruner.Type.MEDIAN, spec.pruner().type());
        assertEquals(24, spec.budget().maxTrials());
        assertEquals(5, spec.baseline().shots());
        assertEquals(1.01, spec.prices().get("a10g"));
    }

    @Test
    void theCommandExampleParsesWithItsTrainer() throws IOException {
        SweepSpec spec = SpecCodec.parseYaml(resource("examples/command-sweep.yaml"));
        assertEquals(new Trainer(List.of("python3", "scripts/train_peft.py", "--bf16"), 120), spec.trainer());
        assertEquals(spec, SpecCodec.parseJson(SpecCodec.toJson(spec)));
    }

    @Test
    void aTrainerRecordRefusesWhatTheSchemaRefuses() {
        assertEquals("trainer.command[1]: must not be empty", assertThrows(IllegalArgumentException.class,
                () -> new Trainer(List.of("python3", ""), null)).getMessage());
        assertEquals("trainer.timeout_minutes: must be at least 1 (got 0)", assertThrows(
                IllegalArgumentException.class, () -> new Trainer(List.of("python3"), 0)).getMessage());
    }

    @Test
    void defaultsAreFilledIn() {
        SweepSpec spec = SpecCodec.parseYaml(MINIMAL);
        assertEquals(5, spec.baseline().shots());
        assertEquals(2, spec.maxRetries());
        assertEquals(Pruner.NONE, spec.pruner());
        assertTrue(spec.fixed().isEmpty());
        assertTrue(spec.regressionGates().isEmpty());
        assertTrue(spec.prices().isEmpty());
        assertEquals(null, spec.trainer(), "absent: the built-in trainer");
    }

    @Test
    void aSweepTrainsOnInstructionFilesOrOnAnEvalTasksData() {
        SweepSpec files = SpecCodec.parseYaml(MINIMAL);
        assertEquals(new Dataset("data/train.jsonl", "data/eval.jsonl", null), files.dataset());
        assertEquals(false, files.dataset().fromTask());
        SweepSpec task = SpecCodec.parseYaml(withOverride("dataset: {task: ner}"));
        assertEquals(Dataset.ofTask("ner"), task.dataset());
        assertTrue(task.dataset().fromTask());
        assertEquals(task, SpecCodec.parseJson(SpecCodec.toJson(task)));
        SweepSpec templated = SpecCodec.parseYaml(withOverride("""
                dataset:
                  train: a.jsonl
                  eval: b.jsonl
                  prompt_template: "Question: {instruction}\\n{input}\\nAnswer ({json: braces stay}):"
                """));
        assertEquals("Question: {instruction}\n{input}\nAnswer ({json: braces stay}):",
                templated.dataset().promptTemplate());
        assertEquals(templated, SpecCodec.parseJson(SpecCodec.toJson(templated)));
    }

    @Test
    void variantsOfAParameterFollowFromTheirKeys() {
        SweepSpec spec = SpecCodec.parseYaml(withOverride("""
                parameters:
                  rank: {value: 16}
                  use_dora: {values: [true, false]}
                  dora_magnitude_lr: {distribution: q_log_uniform_values, min: 0.001, max: 0.1, q: 0.001,
                                      condition: {parameter: use_dora, in: [true]}}
                """));
        assertEquals(new Parameter.Constant(16, null), spec.parameters().get("rank"));
        Parameter.Sampled sampled = assertInstanceOf(Parameter.Sampled.class, spec.parameters().get("dora_magnitude_lr"));
        assertEquals(0.001, sampled.q());
        assertEquals("use_dora", sampled.condition().parameter());
        assertEquals(List.of(true), sampled.condition().values());
    }

    @Test
    void toJsonParsesBackEqual() throws IOException {
        SweepSpec spec = SpecCodec.parseYaml(resource("examples/ner-sweep.yaml"));
        assertEquals(spec, SpecCodec.parseJson(SpecCodec.toJson(spec)));
    }

    @Test
    void parseReadsFilesByExtension(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("spec.yml"), MINIMAL);
        Path json = Files.writeString(dir.resolve("spec.json"), readYaml(MINIMAL).toString());
        assertEquals(SpecCodec.parse(yaml), SpecCodec.parse(json));
        Path text = Files.writeString(dir.resolve("spec.txt"), MINIMAL);
        assertEquals(List.of("(root): cannot tell the format of " + text + "; name it .yaml, .yml or .json"),
                messages(assertThrows(ContractException.class, () -> SpecCodec.parse(text)).errors()));
        Path missing = dir.resolve("missing.yaml");
        assertEquals(List.of("(root): no such file: " + missing),
                messages(assertThrows(ContractException.class, () -> SpecCodec.parse(missing)).errors()));
    }

    private static String withOverride(String override) {
        ObjectNode spec = (ObjectNode) readYaml(MINIMAL);
        readYaml(override).properties().forEach(field -> spec.set(field.getKey(), field.getValue()));
        try {
            return YAML.writeValueAsString(spec);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode readYaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> messages(List<ValidationError> errors) {
        return errors.stream().map(ValidationError::toString).toList();
    }

    static String resource(String name) throws IOException {
        try (InputStream in = SpecCodecTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
