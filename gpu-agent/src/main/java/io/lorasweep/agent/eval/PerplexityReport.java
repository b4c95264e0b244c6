package io.lorasweep.agent.eval;

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
        try (EvalModel model = EvalModel.open(modelDir, adapterDir, stride)) {
            return of(model.languageModel().rolling(model.tokenizer().encodeWithSpecialTokens(text)));
        }
    }

    public String toJson() {
        return String.format(Locale.ROOT, "{\"tokens\": %d, \"nll\": %.6f, \"perplexity\": %.6f}", tokens, nll,
                perplexity);
    }
}
