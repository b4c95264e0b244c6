package io.lorasweep.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A deterministic stand-in for a real model: each request type answered by a function; every request recorded. */
public final class ScriptedModel implements LanguageModel {

    private final String name;
    private final Function<LoglikelihoodRequest, LogLikelihood> loglikelihood;
    private final Function<String, RollingLogLikelihood> rolling;
    private final Function<GenerationRequest, String> generate;
    public final List<LoglikelihoodRequest> loglikelihoodRequests = new ArrayList<>();
    public final List<String> rollingRequests = new ArrayList<>();
    public final List<GenerationRequest> generationRequests = new ArrayList<>();
    public int calls;

    public ScriptedModel(String name, Function<LoglikelihoodRequest, LogLikelihood> loglikelihood,
                         Function<String, RollingLogLikelihood> rolling, Function<GenerationRequest, String> generate) {
        this.name = name;
        this.loglikelihood = loglikelihood;
        this.rolling = rolling;
        this.generate = generate;
    }

    public static ScriptedModel generating(String name, Function<GenerationRequest, String> generate) {
        return new ScriptedModel(name, null, null, generate);
    }

    public static ScriptedModel scoring(String name, Function<LoglikelihoodRequest, LogLikelihood> ll) {
        return new ScriptedModel(name, ll, null, null);
    }

    public static ScriptedModel rolling(String name, Function<String, RollingLogLikelihood> rolling) {
        return new ScriptedModel(name, null, rolling, null);
    }

    @Override
    public List<LogLikelihood> loglikelihood(List<LoglikelihoodRequest> requests) {
        calls++;
        loglikelihoodRequests.addAll(requests);
        return requests.stream().map(loglikelihood).toList();
    }

    @Override
    public List<RollingLogLikelihood> loglikelihoodRolling(List<String> texts) {
        calls++;
        rollingRequests.addAll(texts);
        return texts.stream().map(rolling).toList();
    }

    @Override
    public List<String> generateUntil(List<GenerationRequest> requests) {
        calls++;
        generationRequests.addAll(requests);
        return requests.stream().map(generate).toList();
    }

    @Override
    public String name() {
        return name;
    }

    /** Unbounded unless a test sets it. */
    public int maxLength = Integer.MAX_VALUE;

    @Override
    public int maxLength() {
        return maxLength;
    }

    /** One token per whitespace-separated word, plus one for BOS. */
    @Override
    public int contextTokens(String context) {
        String t = context.strip();
        return 1 + (t.isEmpty() ? 0 : t.split("\\s+").length);
    }
}
