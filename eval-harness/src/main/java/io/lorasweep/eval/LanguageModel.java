package io.lorasweep.eval;

import java.util.List;

/**
 * A model as the harness sees it: three kinds of request, each batched, in the spirit of lm-evaluation-harness.
 * Tasks only ever talk to this interface, so any model plugs in (the gpu-agent's DJL model, a remote server, a
 * scripted model in tests) and the harness never depends on an engine.
 *
 * <p>Answers come back in the order of the requests.
 */
public interface LanguageModel {

    /**
     * For each request, the log-probability (natural log) of the continuation's tokens given the context, and
     * whether greedy decoding from the context would produce exactly those tokens. The context and continuation are
     * tokenised together and split where the continuation starts, as lm-evaluation-harness does.
     */
    List<LogLikelihood> loglikelihood(List<LoglikelihoodRequest> requests);

    /**
     * For each text, the log-probability of all of its tokens, each predicted from the tokens before it (with a
     * sliding window when the text is longer than the model's context), and how many tokens were predicted.
     */
    List<RollingLogLikelihood> loglikelihoodRolling(List<String> texts);

    /** For each request, greedy continuation of the context, cut before the first stop string. */
    List<String> generateUntil(List<GenerationRequest> requests);

    /** A short name for reports, e.g. the model folder and adapter. */
    String name();

    /** Tokens the model attends to at once: a prompt plus what is generated after it must fit. */
    int maxLength();

    /**
     * Tokens of a context as the model sees it (special tokens such as BOS included), so that a task can fit its
     * prompts before it sends them instead of having them cut (lm-evaluation-harness's {@code tok_encode}).
     */
    int contextTokens(String context);

    record LoglikelihoodRequest(String context, String continuation) {
    }

    record LogLikelihood(double logProb, boolean isGreedy, int tokens) {
    }

    record RollingLogLikelihood(double logProb, int tokens) {
    }

    record GenerationRequest(String context, List<String> stopStrings, int maxNewTokens) {
        public GenerationRequest {
            stopStrings = List.copyOf(stopStrings);
            if (maxNewTokens < 1) {
                throw new IllegalArgumentException("maxNewTokens must be at least 1, got " + maxNewTokens);
            }
        }
    }
}
