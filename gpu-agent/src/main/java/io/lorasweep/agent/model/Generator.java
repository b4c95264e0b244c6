package io.lorasweep.agent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Continues prompts token by token with a KV cache, so each step runs only the newest token of each row through
 * the model.
 *
 * <p>Greedy requests are generated together ({@link #greedy}): sorted by prompt length and cut into batches, each
 * batch prefilled at once (its shared prompt prefix once, see {@link PromptBatch}) with the LM head applied to the
 * last position only, then decoded one token per row per step. A row leaves the batch when it meets EOS, a stop
 * string or its budget, so the batch shrinks instead of carrying finished rows to the end.
 */
public final class Generator {

    public static final int DEFAULT_BATCH_SIZE = 32;
    /** Tokens of one padded prefill pass at most, which bounds its attention scores (rows x heads x T x S). */
    public static final int PREFILL_TOKENS = 4096;
    /** Below this, a prefix pass of its own costs more than it saves. */
    public static final int DEFAULT_MIN_SHARED_PREFIX = 16;

    private final LlamaModel model;
    private final TextTokenizer tokenizer;
    private final int batchSize;
    private final int minSharedPrefix;

    public Generator(LlamaModel model, TextTokenizer tokenizer) {
        this(model, tokenizer, DEFAULT_BATCH_SIZE, DEFAULT_MIN_SHARED_PREFIX);
    }

    public Generator(LlamaModel model, TextTokenizer tokenizer, int batchSize, int minSharedPrefix) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (minSharedPrefix < 1) {
            throw new IllegalArgumentException("minSharedPrefix must be at least 1, got " + minSharedPrefix);
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
        this.minSharedPrefix = minSharedPrefix;
    }

    /** A prompt to continue greedily: at most {@code maxNewTokens}, cut before the first of {@code stopStrings}. */
    public record Request(int[] promptIds, List<String> stopStrings, int maxNewTokens) {
        public Request {
            if (promptIds == null || promptIds.length == 0) {
                throw new IllegalArgumentException("promptIds must not be empty");
            }
            if (maxNewTokens < 1) {
                throw new IllegalArgumentException("maxNewTokens must be at least 1, got " + maxNewTokens);
            }
            promptIds = promptIds.clone();
            stopStrings = List.copyOf(stopStrings);
        }
    }

    /**
     * What a request produced: the text cut before the first stop string, and every token generated (those of the
     * stop string included, EOS not).
     */
    public record Continuation(String text, int[] tokenIds) {
    }

    /**
     * Greedy continuations of every request, in request order.
     *
     * @throws IllegalArgumentException if a prompt and its max_new_tokens do not fit the model's context (nothing
     *     is cut: the caller fits its prompts)
     */
    public List<Continuation> greedy(List<Request> requests) {
        for (Request r : requests) {
            checkFits(r.promptIds().length, r.maxNewTokens());
        }
        Integer[] order = new Integer[requests.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // similar lengths together: less padding
        Arrays.sort(order, Comparator.comparingInt(i -> requests.get(i).promptIds().length));
        List<Integer> sorted = Arrays.asList(order);
        Continuation[] out = new Continuation[requests.size()];
        int from = 0;
        for (int to : PromptBatch.plan(sorted.stream().map(i -> requests.get(i).promptIds()).toList(), batchSize,
                PREFILL_TOKENS, minSharedPrefix)) {
            List<Integer> indices = sorted.subList(from, to);
            List<Continuation> done = greedyBatch(indices.stream().map(requests::get).toList());
            for (int i = 0; i < indices.size(); i++) {
                out[indices.get(i)] = done.get(i);
            }
            from = to;
        }
        return Arrays.asList(out);
    }

    private void checkFits(int promptTokens, int maxNewTokens) {
        int context = model.config().maxPositionEmbeddings();
        if (promptTokens + maxNewTokens > context) {
            throw new IllegalArgumentException("a prompt of " + promptTokens + " tokens plus max_new_tokens "
                    + maxNewTokens + " exceeds the context of " + context + " tokens");
        }
    }

    private List<Continuation> greedyBatch(List<Request> batch) {
        PromptBatch prompts = PromptBatch.of(batch.stream().map(Request::promptIds).toList(), 1, minSharedPrefix);
        List<Row> rows = batch.stream().map(Row::new).toList();
        NDManager manager = model.manager();
        int[] alive = new int[rows.size()];
        for (int i = 0; i < alive.length; i++) {
            alive[i] = i;
        }
        int budget = batch.stream().mapToInt(Request::maxNewTokens).max().orElseThrow();
        try (KvCache cache = new KvCache(model.config().numHiddenLayers(), prompts.length() + budget)) {
            long[] next;
            try (NDScope scope = new NDScope()) {
                next = greedyTokens(prompts.run(model, cache, 1));
            }
            while (true) {
                // rows that take their token and go on, as positions in the current batch
                int[] keep = new int[alive.length];
                int kept = 0;
                for (int i = 0; i < alive.length; i++) {
                    if (rows.get(alive[i]).accept((int) next[i])) {
                        keep[kept++] = i;
                    }
                }
                if (kept == 0) {
                    break;
                }
                try (NDScope scope = new NDScope()) {
                    long[] ids = new long[kept];
                    int[] stillAlive = new int[kept];
                    long[] positions = new long[kept];
                    for (int i = 0; i < kept; i++) {
                        ids[i] = next[keep[i]];
                        stillAlive[i] = alive[keep[i]];
                        positions[i] = keep[i];
                    }
                    if (kept < alive.length) {
                        cache.selectRows(manager.create(positions));
                    }
                    alive = stillAlive;
                    int columns = cache.length() + 1;
                    NDArray mask = prompts.padded()
                            ? manager.create(prompts.mask(alive, columns), new Shape(kept, columns)) : null;
                    NDArray input = manager.create(ids, new Shape(kept, 1));
                    next = greedyTokens(model.hiddenStates(input, mask, cache));
                }
            }
        }
        return rows.stream().map(Row::result).toList();
    }

    /** The argmax token of each row's logits, from last hidden states [B, 1, H]. */
    private long[] greedyTokens(NDArray lastHidden) {
        return model.logits(lastHidden).argMax(-1).toLongArray();
    }

    /** One row's generation so far: its tokens and text. */
    private final class Row {
        private final Request request;
        private final int[] tokens;
        private int count;
        private String text = "";

        Row(Request request) {
            this.request = request;
            this.tokens = new int[request.maxNewTokens()];
        }

        /** Takes the next token; false when the row has ended (EOS, a stop string or its budget). */
        boolean accept(int token) {
            if (token == tokenizer.eosId()) {
                return false;
            }
            tokens[count++] = token;
            text = tokenizer.decode(Arrays.copyOf(tokens, count));
            int cut = firstStop(text, request.stopStrings());
            if (cut >= 0) {
                text = text.substring(0, cut);
                return false;
            }
            return count < request.maxNewTokens();
        }

        Continuation result() {
            return new Continuation(text, Arrays.copyOf(tokens, count));
        }
    }

    /**
     * One continuation of one prompt, sampled as {@code options} say (greedy at temperature 0), cut before the
     * first stop string, stopping at EOS.
     *
     * @throws IllegalArgumentException if the prompt and max_new_tokens do not fit the model's context
     */
    public String generate(int[] promptIds, SamplingOptions options) {
        if (promptIds.length == 0) {
            throw new IllegalArgumentException("promptIds must not be empty");
        }
        checkFits(promptIds.length, options.maxNewTokens());
        Random random = new Random(options.seed());
        List<Integer> generated = new ArrayList<>();
        NDManager manager = model.manager();
        String text = "";
        try (KvCache cache = new KvCache(model.config().numHiddenLayers())) {
            long[] input = Arrays.stream(promptIds).asLongStream().toArray();
            for (int step = 0; step < options.maxNewTokens(); step++) {
                float[] last;
                try (NDScope scope = new NDScope()) {
                    NDArray h = model.hiddenStates(manager.create(input, new Shape(1, input.length)), null, cache);
                    last = model.logits(h.get("0, -1, :")).toType(DataType.FLOAT32, false).toFloatArray();
                }
                int next = options.temperature() == 0 ? argmax(last) : sample(last, options, random);
                if (next == tokenizer.eosId()) {
                    break;
                }
                generated.add(next);
                text = tokenizer.decode(generated.stream().mapToInt(Integer::intValue).toArray());
                int cut = firstStop(text, options.stopStrings());
                if (cut >= 0) {
                    return text.substring(0, cut);
                }
                input = new long[] {next};
            }
        }
        return text;
    }

    static int firstStop(String text, List<String> stops) {
        int cut = -1;
        for (String s : stops) {
            int i = s.isEmpty() ? -1 : text.indexOf(s);
            if (i >= 0 && (cut < 0 || i < cut)) {
                cut = i;
            }
        }
        return cut;
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static int sample(float[] logits, SamplingOptions options, Random random) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp((logits[i] - max) / options.temperature());
            sum += p[i];
        }
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        // the nucleus: the most likely tokens until their mass reaches topP
        double mass = 0;
        int keep = 0;
        while (keep < order.length && (keep == 0 || mass < options.topP())) {
            mass += p[order[keep++]];
        }
        double u = random.nextDouble() * mass;
        for (int k = 0; k < keep; k++) {
            u -= p[order[k]];
            if (u <= 0) {
                return order[k];
            }
        }
        return order[keep - 1];
    }
}
