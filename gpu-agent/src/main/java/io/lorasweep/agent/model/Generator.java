package io.lorasweep.agent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Continues a prompt token by token with a KV cache, so each step runs only the newest token through the model. */
public final class Generator {

    private final LlamaModel model;
    private final TextTokenizer tokenizer;

    public Generator(LlamaModel model, TextTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** The generated text (without the prompt), cut before the first stop string, stopping at EOS. */
    public String generate(int[] promptIds, SamplingOptions options) {
        if (promptIds.length == 0) {
            throw new IllegalArgumentException("promptIds must not be empty");
        }
        int room = model.config().maxPositionEmbeddings() - promptIds.length;
        if (room < 1) {
            throw new IllegalArgumentException("prompt of " + promptIds.length
                    + " tokens leaves no room in a context of " + model.config().maxPositionEmbeddings());
        }
        int budget = Math.min(options.maxNewTokens(), room);
        Random random = new Random(options.seed());
        List<Integer> generated = new ArrayList<>();
        NDManager manager = model.manager();
        String text = "";
        try (KvCache cache = new KvCache(model.config().numHiddenLayers())) {
            long[] input = Arrays.stream(promptIds).asLongStream().toArray();
            for (int step = 0; step < budget; step++) {
                float[] last;
                try (NDScope scope = new NDScope()) {
                    NDArray logits = model.forward(manager.create(input, new Shape(1, input.length)), null, cache);
                    last = logits.get("0, -1, :").toFloatArray();
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
