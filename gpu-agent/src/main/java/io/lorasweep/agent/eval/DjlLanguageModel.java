package io.lorasweep.agent.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.lorasweep.agent.model.Generator;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.model.SamplingOptions;
import io.lorasweep.agent.model.TextTokenizer;
import io.lorasweep.agent.train.CausalLmLoss;
import io.lorasweep.eval.LanguageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The harness's view of a Llama model and its tokenizer. Rolling log-likelihood uses a strided window when a text
 * is longer than the context: each window predicts only the tokens the previous one did not, with up to
 * {@code context - stride} tokens of history (as Hugging Face's perplexity guide), so every token counts once.
 */
public final class DjlLanguageModel implements LanguageModel {

    private final LlamaModel model;
    private final TextTokenizer tokenizer;
    private final String name;
    private final int context;
    private final int stride;

    public DjlLanguageModel(LlamaModel model, TextTokenizer tokenizer, String name, int context, int stride) {
        if (context < 2 || context > model.config().maxPositionEmbeddings()) {
            throw new IllegalArgumentException("context must be in [2, " + model.config().maxPositionEmbeddings()
                    + "], got " + context);
        }
        if (stride < 1 || stride > context) {
            throw new IllegalArgumentException("stride must be in [1, context], got " + stride);
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.name = name;
        this.context = context;
        this.stride = stride;
    }

    public DjlLanguageModel(LlamaModel model, TextTokenizer tokenizer, String name) {
        this(model, tokenizer, name, model.config().maxPositionEmbeddings(),
                Math.max(1, model.config().maxPositionEmbeddings() / 2));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int maxLength() {
        return context;
    }

    @Override
    public int contextTokens(String text) {
        return tokenizer.encodeWithSpecialTokens(text).length;
    }

    @Override
    public List<LogLikelihood> loglikelihood(List<LoglikelihoodRequest> requests) {
        List<LogLikelihood> out = new ArrayList<>();
        for (LoglikelihoodRequest r : requests) {
            int[] whole = tokenizer.encodeWithSpecialTokens(r.context() + r.continuation());
            int[] ctx = tokenizer.encodeWithSpecialTokens(r.context());
            int split = Math.min(ctx.length, whole.length - 1);
            int contTokens = whole.length - split;
            if (contTokens < 1 || split < 1) {
                throw new IllegalArgumentException("continuation '" + r.continuation() + "' adds no token to the "
                        + "context");
            }
            if (contTokens + 1 > context) {
                throw new IllegalArgumentException("continuation of " + contTokens + " tokens does not fit the "
                        + "context of " + context);
            }
            // the context is cut from the left only as far as needed to fit the window
            int start = Math.max(0, whole.length - context - 1);
            int[] window = Arrays.copyOfRange(whole, start, whole.length);
            double[][] scored = score(window, window.length - 1 - contTokens);
            double sum = 0;
            boolean greedy = true;
            for (double[] s : scored) {
                sum += s[0];
                greedy &= s[1] == 1;
            }
            out.add(new LogLikelihood(sum, greedy, contTokens));
        }
        return out;
    }

    @Override
    public List<RollingLogLikelihood> loglikelihoodRolling(List<String> texts) {
        List<RollingLogLikelihood> out = new ArrayList<>();
        for (String text : texts) {
            out.add(rolling(tokenizer.encodeWithSpecialTokens(text)));
        }
        return out;
    }

    /** Log-likelihood of tokens 1..n-1 of {@code ids}, each predicted from the ones before it. */
    public RollingLogLikelihood rolling(int[] ids) {
        double logProb = 0;
        int predicted = 0;
        int previousEnd = 1; // token 0 has nothing to be predicted from
        for (int begin = 0; previousEnd < ids.length; begin += stride) {
            int end = Math.min(begin + context, ids.length);
            int[] window = Arrays.copyOfRange(ids, begin, end);
            // positions in the window whose target is a token not yet scored
            int firstTarget = Math.max(0, previousEnd - begin - 1);
            for (double[] s : score(window, firstTarget)) {
                logProb += s[0];
                predicted++;
            }
            previousEnd = end;
        }
        return new RollingLogLikelihood(logProb, predicted);
    }

    /**
     * For window positions {@code from..len-2}, the log-probability of the next token and whether it is the argmax:
     * rows of {logProb, isGreedy}.
     */
    private double[][] score(int[] window, int from) {
        NDManager manager = model.manager();
        int n = window.length - 1;
        long[] input = new long[n];
        long[] target = new long[n];
        for (int i = 0; i < n; i++) {
            input[i] = window[i];
            target[i] = window[i + 1];
        }
        try (NDScope scope = new NDScope()) {
            NDArray logits = model.forward(manager.create(input, new Shape(1, n)), null, null)
                    .get(":, " + from + ":, :");
            NDArray targets = manager.create(Arrays.copyOfRange(target, from, n), new Shape(1, n - from));
            float[] nll = CausalLmLoss.tokenNll(logits, targets).toFloatArray();
            long[] argmax = logits.argMax(-1).toLongArray();
            double[][] out = new double[n - from][2];
            for (int i = 0; i < out.length; i++) {
                out[i][0] = -nll[i];
                out[i][1] = argmax[i] == target[from + i] ? 1 : 0;
            }
            return out;
        }
    }

    @Override
    public List<String> generateUntil(List<GenerationRequest> requests) {
        Generator generator = new Generator(model, tokenizer);
        List<String> out = new ArrayList<>();
        for (GenerationRequest r : requests) {
            int[] prompt = tokenizer.encodeWithSpecialTokens(r.context());
            // as lm-evaluation-harness: a prompt too long is cut from the left so that max_new_tokens still fit
            int keep = Math.min(prompt.length, Math.max(1, context - r.maxNewTokens()));
            prompt = Arrays.copyOfRange(prompt, prompt.length - keep, prompt.length);
            out.add(generator.generate(prompt, SamplingOptions.greedy(r.maxNewTokens(), r.stopStrings())));
        }
        return out;
    }
}
