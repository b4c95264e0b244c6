package io.lorasweep.eval.metrics.rouge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores a prediction against a target text with the ROUGE types asked for, exactly as rouge-score's
 * {@code RougeScorer(rouge_types, use_stemmer).score(target, prediction)} does with its default tokenizer.
 *
 * <p>Types: {@code rougeN} for any N ≥ 1 (n-gram overlap), {@code rougeL} (LCS over the whole text) and
 * {@code rougeLsum} (summary-level LCS over sentences, one sentence per line: the texts are split on
 * {@code '\n'} only, empty lines dropped). rouge-score itself accepts only one digit ({@code rouge1} …
 * {@code rouge9}); longer N is an extension with the same rule.
 *
 * <p>Note the argument order, kept from rouge-score: target (reference) first, prediction second. Stateless after
 * construction and thread-safe.
 */
public final class RougeScorer {

    /** The four types rouge-score's users usually ask for. */
    public static final List<String> DEFAULT_TYPES = List.of("rouge1", "rouge2", "rougeL", "rougeLsum");

    private static final Pattern NGRAM_TYPE = Pattern.compile("rouge([1-9][0-9]*)");

    private final List<String> rougeTypes;
    private final Map<String, Integer> ngramOrders = new LinkedHashMap<>();
    private final RougeTokenizer tokenizer;

    /**
     * @param rougeTypes the types to compute, in the order the result map lists them (duplicates count once)
     * @param useStemmer whether tokens longer than three characters are Porter-stemmed (NLTK mode)
     * @throws IllegalArgumentException when the list is empty or names an unknown type
     */
    public RougeScorer(List<String> rougeTypes, boolean useStemmer) {
        Objects.requireNonNull(rougeTypes, "rougeTypes");
        if (rougeTypes.isEmpty()) {
            throw new IllegalArgumentException("rougeTypes must name at least one type, got []");
        }
        for (String type : rougeTypes) {
            Objects.requireNonNull(type, "rougeTypes must not contain null");
            if (type.equals("rougeL") || type.equals("rougeLsum")) {
                continue;
            }
            Matcher ngram = NGRAM_TYPE.matcher(type);
            if (!ngram.matches()) {
                throw new IllegalArgumentException("rougeTypes: unknown ROUGE type '" + type
                        + "' (expected rougeN with N >= 1, rougeL or rougeLsum)");
            }
            try {
                ngramOrders.put(type, Integer.parseInt(ngram.group(1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rougeTypes: n-gram order too large in '" + type + "'", e);
            }
        }
        this.rougeTypes = List.copyOf(new LinkedHashSet<>(rougeTypes));
        this.tokenizer = new RougeTokenizer(useStemmer);
    }

    /** A scorer for rouge1, rouge2, rougeL and rougeLsum. */
    public static RougeScorer withDefaultTypes(boolean useStemmer) {
        return new RougeScorer(DEFAULT_TYPES, useStemmer);
    }

    public List<String> rougeTypes() {
        return rougeTypes;
    }

    public boolean usesStemmer() {
        return tokenizer.usesStemmer();
    }

    /**
     * The score of {@code prediction} against {@code target} for each type, in the order of the types.
     *
     * @param target     the reference text (rouge-score's first argument)
     * @param prediction the generated text
     */
    public Map<String, Score> score(String target, String prediction) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(prediction, "prediction");
        List<String> targetTokens = null;
        List<String> predictionTokens = null;
        Map<String, Score> result = new LinkedHashMap<>();
        for (String type : rougeTypes) {
            if (type.equals("rougeLsum")) {
                result.put(type, SummaryLevelLcs.score(sentenceTokens(target), sentenceTokens(prediction)));
                continue;
            }
            if (targetTokens == null) {
                targetTokens = tokenizer.tokenize(target);
                predictionTokens = tokenizer.tokenize(prediction);
            }
            if (type.equals("rougeL")) {
                result.put(type, LongestCommonSubsequence.score(targetTokens, predictionTokens));
            } else {
                result.put(type, NgramOverlap.score(targetTokens, predictionTokens, ngramOrders.get(type)));
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /** rougeLsum's sentences: the text split on '\n' alone ("\r" stays and tokenizes away), empty lines dropped. */
    private List<List<String>> sentenceTokens(String text) {
        List<List<String>> sentences = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                sentences.add(tokenizer.tokenize(line));
            }
        }
        return sentences;
    }

    @Override
    public String toString() {
        return "RougeScorer" + rougeTypes + (usesStemmer() ? " with stemmer" : "");
    }
}
