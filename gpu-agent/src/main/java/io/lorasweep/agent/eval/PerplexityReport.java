package io.lorasweep.agent.eval;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.lora.LoraAdapter;
import io.lorasweep.agent.model.Engines;
import io.lorasweep.agent.model.HfTokenizer;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.peft.PeftAdapter;
import io.lorasweep.agent.peft.PeftAdapterFormat;
import io.lorasweep.eval.LanguageModel.RollingLogLikelihood;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Perplexity of a text file under a model folder (and optionally a PEFT adapter), as {@code eval perplexity}
 * prints it: predicted tokens, summed NLL in nats, and exp(nll / tokens).
 */
public record PerplexityReport(long tokens, double nll, double perplexity) {

    public static PerplexityReport of(RollingLogLikelihood r) {
        if (r.tokens() < 1) {
            throw new IllegalArgumentException("the text has fewer than 2 tokens: nothing to predict");
        }
        double nll = -r.logProb();
        return new PerplexityReport(r.tokens(), nll, Math.exp(nll / r.tokens()));
    }

    public static PerplexityReport compute(Path modelDir, Path adapterDir, Path textFile, Integer stride) {
        String text;
        try {
            text = Files.readString(textFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read text file " + textFile + ": " + e.getMessage(), e);
        }
        Engines.pytorch();
        try (NDManager manager = NDManager.newBaseManager(); LlamaModel model = LlamaModel.load(modelDir, manager)) {
            if (adapterDir != null) {
                PeftAdapter adapter = PeftAdapterFormat.read(adapterDir);
                LoraAdapter lora = LoraAdapter.inject(model, adapter.config());
                lora.load(adapter.tensors());
                lora.merge();
            }
            int eos = model.config().eosTokenIds().isEmpty() ? -1 : model.config().eosTokenIds().get(0);
            try (HfTokenizer tokenizer = HfTokenizer.load(modelDir, eos)) {
                int context = model.config().maxPositionEmbeddings();
                DjlLanguageModel lm = new DjlLanguageModel(model, tokenizer, modelDir.toString(), context,
                        stride == null ? Math.max(1, context / 2) : stride);
                return of(lm.rolling(tokenizer.encodeWithSpecialTokens(text)));
            }
        }
    }

    public String toJson() {
        return String.format(Locale.ROOT, "{\"tokens\": %d, \"nll\": %.6f, \"perplexity\": %.6f}", tokens, nll,
                perplexity);
    }
}
