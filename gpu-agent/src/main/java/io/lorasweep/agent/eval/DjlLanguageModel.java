package io.lorasweep.agent.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.lorasweep.agent.model.Generator;
import io.lorasweep.agent.model.KvCache;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.model.PromptBatch;
import io.lorasweep.agent.model.TextTokenizer;
import io.lorasweep.agent.train.CausalLmLoss;
import io.lorasweep.eval.LanguageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * {@inheritDoc}
     *
     * <p>Nothing is cut: a request whose context and continuation together (less the last token, which is only
     * predicted) are longer than the context is refused with an {@link IllegalArgumentException} naming both
     * lengths; the task fits its prompts ({@link #maxLength}, {@link #contextTokens}). Requests whose model input is
     * the same (one context, continuations of one token each, as in multiple choice) share one forward pass; inputs
     * are batched with their shared prefix computed once, and the LM head runs only where a continuation is
     * predicted.
     */
    @Override
    public List<LogLikelihood> loglikelihood(List<LoglikelihoodRequest> requests) {
        // one row per distinct model input; each request reads its continuation off the row's last positions
        Map<List<Integer>, ScoringRow> byInput = new LinkedHashMap<>();
        int[][] targets = new int[requests.size()][];
        ScoringRow[] rowOf = new ScoringRow[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            LoglikelihoodRequest r = requests.get(i);
            int[] whole = tokenizer.encodeWithSpecialTokens(r.context() + r.continuation());
            int[] ctx = tokenizer.encodeWithSpecialTokens(r.context());
            int split = Math.min(ctx.length, whole.length - 1);
            int contTokens = whole.length - split;
            if (contTokens < 1 || split < 1) {
                throw new IllegalArgumentException("continuation '" + r.continuation() + "' adds no token to the "
                        + "context");
            }
            if (whole.length - 1 > context) {
                throw new IllegalArgumentException("request " + i + ": context and continuation of "
                        + whole.length + " tokens (" + contTokens + " of them the continuation's) do not fit the "
                        + "context of " + context + " tokens (at most " + (context + 1) + ", the last one only "
                        + "predicted); fit the context first");
            }
            int[] input = Arrays.copyOf(whole, whole.length - 1);
            List<Integer> key = Arrays.stream(input).boxed().toList();
            ScoringRow row = byInput.computeIfAbsent(key, k -> new ScoringRow(input));
            row.last = Math.max(row.last, contTokens);
            rowOf[i] = row;
            targets[i] = Arrays.copyOfRange(whole, split, whole.length);
        }
        List<ScoringRow> rows = new ArrayList<>(byInput.values());
        rows.sort(Comparator.comparingInt(row -> row.input.length));
        int from = 0;
        for (int to : PromptBatch.plan(rows.stream().map(row -> row.input).toList(), Generator.DEFAULT_BATCH_SIZE,
                Generator.PREFILL_TOKENS, Generator.DEFAULT_MIN_SHARED_PREFIX)) {
            scoreRows(rows.subList(from, to));
            from = to;
        }
        List<LogLikelihood> out = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ScoringRow row = rowOf[i];
            int[] t = targets[i];
            double sum = 0;
            boolean greedy = true;
            for (int j = 0; j < t.length; j++) {
                // the continuation's j-th token is predicted at the row's position (length - t.length + j)
                int position = row.last - t.length + j;
                sum += row.logProbs[position * vocab() + t[j]];
                greedy &= row.argmax[position] == t[j];
            }
            out.add(new LogLikelihood(sum, greedy, t.length));
        }
        return out;
    }

    private int vocab() {
        return model.config().vocabSize();
    }

    /** A distinct model input and, after scoring, the log-softmax and argmax of its last {@code last} positions. */
    private static final class ScoringRow {
        final int[] input;
        int last;
        float[] logProbs;
        long[] argmax;

        ScoringRow(int[] input) {
            this.input = input;
        }
    }

    private void scoreRows(List<ScoringRow> rows) {
        int last = rows.stream().mapToInt(r -> r.last).max().orElseThrow();
        PromptBatch batch = PromptBatch.of(rows.stream().map(r -> r.input).toList(), last,
                Generator.DEFAULT_MIN_SHARED_PREFIX);
        try (KvCache cache = new KvCache(model.config().numHiddenLayers(), batch.length());
                NDScope scope = new NDScope()) {
            NDArray logits = model.logits(batch.run(model, cache, last));
            float[] logProbs = logits.toType(DataType.FLOAT32, false).logSoftmax(-1).toFloatArray();
            long[] argmax = logits.argMax(-1).toLongArray();
            int v = vocab();
            for (int r = 0; r < rows.size(); r++) {
                ScoringRow row = rows.get(r);
                // keep only the row's own last positions
                int skip = last - row.last;
                row.logProbs = Arrays.copyOfRange(logProbs, (r * last + skip) * v, (r + 1) * last * v);
                row.argmax = Arrays.copyOfRange(argmax, r * last + skip, (r + 1) * last);
            }
        }
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

    /**
     * {@inheritDoc}
     *
     * <p>Nothing is cut: a prompt whose tokens plus its max_new_tokens exceed the context is refused with an
     * {@link IllegalArgumentException} naming both; the task fits its prompts ({@link #maxLength},
     * {@link #contextTokens}). The requests are generated together in batches (see {@link Generator#greedy}).
     */
    @Override
    public List<String> generateUntil(List<GenerationRequest> requests) {
        List<Generator.Request> prompts = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            GenerationRequest r = requests.get(i);
            int[] prompt = tokenizer.encodeWithSpecialTokens(r.context());
            if (prompt.length + r.maxNewTokens() > context) {
                throw new IllegalArgumentException("request " + i + ": a prompt of " + prompt.length
                        + " tokens plus max_new_tokens " + r.maxNewTokens() + " exceeds the context of " + context
                        + " tokens; fit the prompt first");
            }
            prompts.add(new Generator.Request(prompt, r.stopStrings(), r.maxNewTokens()));
        }
        return new Generator(model, tokenizer).greedy(prompts).stream().map(Generator.Continuation::text).toList();
    }
}
