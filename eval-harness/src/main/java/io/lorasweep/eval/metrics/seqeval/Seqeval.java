package io.lorasweep.eval.metrics.seqeval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Entity-level precision, recall and F1 exactly as the Python library seqeval (1.2.x) computes them, for
 * sentences of tags such as {@code B-PER I-PER O}.
 *
 * <p>{@link #evaluate} answers what seqeval's {@code classification_report(y_true, y_pred, mode=..., scheme=...,
 * output_dict=True)} answers, and {@code precision_recall_fscore_support} with each {@code average}. Inputs
 * seqeval refuses by raising throw {@link SeqevalException}.
 */
public final class Seqeval {

    private Seqeval() {
    }

    /**
     * Default-mode entities, as seqeval's {@code get_entities} on a nested list: positions count in the
     * sentences joined with one {@code "O"} after each, end inclusive. E.g. {@code [[B-PER, I-PER, O, B-LOC]]}
     * gives {@code (PER, 0, 1), (LOC, 3, 3)}.
     */
    public static List<EntitySpan> entities(List<List<String>> sentences) {
        requireSentences(sentences, "sentences");
        return List.copyOf(ConllChunker.entities(sentences));
    }

    /**
     * Strict-mode entities of each sentence under {@code scheme}, as seqeval's {@code Entities}; positions
     * within the sentence, end inclusive.
     *
     * @throws SeqevalException for a tag the scheme forbids or without a known prefix
     */
    public static List<List<EntitySpan>> entities(List<List<String>> sentences, Scheme scheme) {
        requireSentences(sentences, "sentences");
        Objects.requireNonNull(scheme, "scheme");
        List<List<EntitySpan>> out = new ArrayList<>(sentences.size());
        for (List<String> sentence : sentences) {
            out.add(List.copyOf(SchemeChunker.entities(sentence, scheme)));
        }
        return List.copyOf(out);
    }

    /** {@link #evaluate(List, List, Mode, Scheme, ZeroDivision)} with seqeval's default {@code zero_division}. */
    public static SeqevalReport evaluate(List<List<String>> yTrue, List<List<String>> yPred, Mode mode,
            Scheme scheme) {
        return evaluate(yTrue, yPred, mode, scheme, ZeroDivision.WARN);
    }

    /**
     * Scores predicted tag sequences against true ones.
     *
     * @param yTrue        true tags, one list per sentence
     * @param yPred        predicted tags, the same number of sentences of the same lengths
     * @param mode         {@link Mode#DEFAULT} (conlleval-compatible) or {@link Mode#STRICT}
     * @param scheme       the scheme of strict mode; null in default mode
     * @param zeroDivision the value of ill-defined scores
     * @throws IllegalArgumentException strict mode without a scheme, or a scheme in default mode (seqeval itself
     *                                  would silently fall back to default mode, or guess the scheme)
     * @throws SeqevalException         where seqeval raises: inconsistent lengths, no sentences at all,
     *                                  malformed tags, tags the strict scheme forbids
     */
    public static SeqevalReport evaluate(List<List<String>> yTrue, List<List<String>> yPred, Mode mode,
            Scheme scheme, ZeroDivision zeroDivision) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(zeroDivision, "zeroDivision");
        if (mode == Mode.STRICT && scheme == null) {
            throw new IllegalArgumentException("mode STRICT requires a scheme, one of IOB1, IOB2, IOE1, IOE2, IOBES, "
                    + "BILOU (seqeval's strict mode needs one too)");
        }
        if (mode == Mode.DEFAULT && scheme != null) {
            throw new IllegalArgumentException("scheme " + scheme + " applies only to mode STRICT; default mode "
                    + "reads every scheme leniently (seqeval ignores a scheme there)");
        }
        checkConsistentLength(yTrue, yPred);

        Map<String, Set<Located>> trueByType = new TreeMap<>(CodePointOrder.INSTANCE);
        Map<String, Set<Located>> predByType = new TreeMap<>(CodePointOrder.INSTANCE);
        collect(yTrue, mode, scheme, trueByType);
        collect(yPred, mode, scheme, predByType);

        TreeMap<String, Boolean> types = new TreeMap<>(CodePointOrder.INSTANCE);
        trueByType.keySet().forEach(t -> types.put(t, Boolean.TRUE));
        predByType.keySet().forEach(t -> types.put(t, Boolean.TRUE));
        List<String> names = new ArrayList<>(types.keySet());
        int n = names.size();
        int[] correct = new int[n];
        int[] predicted = new int[n];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            Set<Located> t = trueByType.getOrDefault(names.get(i), Set.of());
            Set<Located> p = predByType.getOrDefault(names.get(i), Set.of());
            int hits = 0;
            for (Located e : p) {
                if (t.contains(e)) {
                    hits++;
                }
            }
            correct[i] = hits;
            predicted[i] = p.size();
            truth[i] = t.size();
        }
        return PrecisionRecallF1.report(names, correct, predicted, truth, zeroDivision);
    }

    /** An entity with the sentence it lies in (always 0 in default mode, whose positions are global). */
    private record Located(int sentence, EntitySpan span) {
    }

    private static void collect(List<List<String>> sentences, Mode mode, Scheme scheme,
            Map<String, Set<Located>> byType) {
        if (mode == Mode.DEFAULT) {
            for (EntitySpan span : ConllChunker.entities(sentences)) {
                byType.computeIfAbsent(span.type(), k -> new HashSet<>()).add(new Located(0, span));
            }
            return;
        }
        for (int s = 0; s < sentences.size(); s++) {
            for (EntitySpan span : SchemeChunker.entities(sentences.get(s), scheme)) {
                byType.computeIfAbsent(span.type(), k -> new HashSet<>()).add(new Located(s, span));
            }
        }
    }

    /**
     * seqeval's {@code check_consistent_length}: both inputs lists of sentences (an empty pair is refused, as
     * seqeval's type check refuses it), the same number of sentences, each of the same length.
     */
    static void checkConsistentLength(List<List<String>> yTrue, List<List<String>> yPred) {
        if (yTrue == null || yPred == null || (yTrue.isEmpty() && yPred.isEmpty())
                || hasNullSentence(yTrue) || hasNullSentence(yPred)) {
            throw new SeqevalException("TypeError", "Found input variables without list of list.");
        }
        List<Integer> lengthsTrue = new ArrayList<>(yTrue.size());
        List<Integer> lengthsPred = new ArrayList<>(yPred.size());
        yTrue.forEach(s -> lengthsTrue.add(s.size()));
        yPred.forEach(s -> lengthsPred.add(s.size()));
        if (!lengthsTrue.equals(lengthsPred)) {
            throw new SeqevalException("ValueError", "Found input variables with inconsistent numbers of samples:\n"
                    + lengthsTrue + "\n" + lengthsPred);
        }
    }

    // List.contains(null) throws on immutable lists, so look one by one.
    private static boolean hasNullSentence(List<List<String>> sentences) {
        for (List<String> s : sentences) {
            if (s == null) {
                return true;
            }
        }
        return false;
    }

    private static void requireSentences(List<List<String>> sentences, String name) {
        Objects.requireNonNull(sentences, name);
        if (hasNullSentence(sentences)) {
            throw new SeqevalException("TypeError", name + " must be a list of lists of tags, found a null sentence");
        }
    }
}
