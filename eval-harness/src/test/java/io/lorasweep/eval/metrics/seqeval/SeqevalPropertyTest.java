package io.lorasweep.eval.metrics.seqeval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Internal consistency on thousands of random tag sequences, and agreement of the modes on well-formed tags. */
class SeqevalPropertyTest {

    private static final int CASES = 3000;
    private static final String[] TYPES = {"X", "Y", "LOC"};
    private static final String[] LENIENT_POOL = {"O", "O", "O", "B-X", "I-X", "E-X", "S-X", "B-Y", "I-Y", "E-Y",
        "S-Y", "B-LOC", "I-LOC", "B", "I", ".", "MISC", "X-Y"};

    @Test
    void defaultModeIsInternallyConsistent() {
        Random random = new Random(20240601L);
        for (int c = 0; c < CASES; c++) {
            List<List<String>> yTrue = randomSentences(random, LENIENT_POOL);
            List<List<String>> yPred = perturb(random, yTrue, LENIENT_POOL);
            List<EntitySpan> trueSpans = Seqeval.entities(yTrue);
            List<EntitySpan> predSpans = Seqeval.entities(yPred);
            // A '.' tag can leave get_entities' chunk start behind (see DefaultModeEntitiesTest), so the
            // sentence-boundary property holds for the other tags only.
            if (!containsDot(yTrue)) {
                assertNoSpanCrossesASentence(yTrue, trueSpans);
            }
            if (!containsDot(yPred)) {
                assertNoSpanCrossesASentence(yPred, predSpans);
            }
            SeqevalReport report = Seqeval.evaluate(yTrue, yPred, Mode.DEFAULT, null);
            assertConsistent(report, trueSpans, predSpans);
        }
    }

    @Test
    void strictModeIsInternallyConsistentAndRefusesExactlyTheForbiddenPrefixes() {
        Random random = new Random(7L);
        String[] pool = {"O", "O", "B-X", "I-X", "E-X", "S-X", "U-X", "L-X", "B-Y", "I-Y", "E-Y", "S-Y", "U-Y", "L-Y"};
        for (int c = 0; c < CASES; c++) {
            List<List<String>> yTrue = randomSentences(random, pool);
            List<List<String>> yPred = perturb(random, yTrue, pool);
            for (Scheme scheme : Scheme.values()) {
                boolean forbidden = usesForbiddenPrefix(yTrue, scheme) || usesForbiddenPrefix(yPred, scheme);
                if (forbidden) {
                    SeqevalException e = assertThrows(SeqevalException.class,
                            () -> Seqeval.evaluate(yTrue, yPred, Mode.STRICT, scheme));
                    assertEquals("ValueError", e.pythonError());
                    continue;
                }
                SeqevalReport report = Seqeval.evaluate(yTrue, yPred, Mode.STRICT, scheme);
                assertConsistent(report, global(yTrue, Seqeval.entities(yTrue, scheme)),
                        global(yPred, Seqeval.entities(yPred, scheme)));
            }
        }
    }

    @Test
    void wellFormedTagsMeanTheSameInDefaultAndStrictMode() {
        Random random = new Random(42L);
        for (int c = 0; c < CASES; c++) {
            for (Scheme scheme : List.of(Scheme.IOB2, Scheme.IOBES, Scheme.IOE2, Scheme.BILOU)) {
                List<List<EntitySpan>> planTrue = new ArrayList<>();
                List<List<EntitySpan>> planPred = new ArrayList<>();
                List<List<String>> yTrue = new ArrayList<>();
                List<List<String>> yPred = new ArrayList<>();
                int sentences = 1 + random.nextInt(3);
                for (int s = 0; s < sentences; s++) {
                    int length = random.nextInt(9);
                    List<EntitySpan> t = randomPlan(random, length);
                    List<EntitySpan> p = random.nextInt(3) == 0 ? t : randomPlan(random, length);
                    planTrue.add(t);
                    planPred.add(p);
                    yTrue.add(render(t, length, scheme));
                    yPred.add(render(p, length, scheme));
                }
                assertEquals(planTrue, Seqeval.entities(yTrue, scheme), scheme + " " + yTrue);
                assertEquals(planPred, Seqeval.entities(yPred, scheme), scheme + " " + yPred);
                SeqevalReport strict = Seqeval.evaluate(yTrue, yPred, Mode.STRICT, scheme);
                if (scheme != Scheme.BILOU) { // default mode does not know the U and L prefixes
                    assertEquals(global(yTrue, planTrue), Seqeval.entities(yTrue), scheme + " " + yTrue);
                    assertSameNumbers(strict, Seqeval.evaluate(yTrue, yPred, Mode.DEFAULT, null));
                }
            }
        }
    }

    // --- checks ---

    private static void assertConsistent(SeqevalReport r, List<EntitySpan> trueSpans, List<EntitySpan> predSpans) {
        Set<EntitySpan> t = new HashSet<>(trueSpans);
        Set<EntitySpan> p = new HashSet<>(predSpans);
        assertEquals(trueSpans.size(), t.size(), "no duplicate true entities");
        assertEquals(predSpans.size(), p.size(), "no duplicate predicted entities");
        Set<EntitySpan> both = new HashSet<>(t);
        both.retainAll(p);
        assertEquals(t.size(), r.support());
        assertEquals(p.size(), r.predicted());
        assertEquals(both.size(), r.correct());

        Set<String> types = new TreeSet<>();
        trueSpans.forEach(s -> types.add(s.type()));
        predSpans.forEach(s -> types.add(s.type()));
        assertEquals(types, new TreeSet<>(r.perType().keySet()));

        double precision = r.predicted() == 0 ? 0.0 : (double) r.correct() / r.predicted();
        double recall = r.support() == 0 ? 0.0 : (double) r.correct() / r.support();
        double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        assertEquals(precision, r.precision(), 0.0);
        assertEquals(recall, r.recall(), 0.0);
        assertEquals(f1, r.f1(), 1e-15);

        int supportSum = 0;
        double macroP = 0;
        double macroR = 0;
        double macroF = 0;
        double weightedP = 0;
        double weightedR = 0;
        double weightedF = 0;
        for (Map.Entry<String, TypeScores> e : r.perType().entrySet()) {
            TypeScores s = e.getValue();
            long trueOfType = trueSpans.stream().filter(x -> x.type().equals(e.getKey())).count();
            assertEquals(trueOfType, s.support(), e.getKey());
            inUnitInterval(s.precision());
            inUnitInterval(s.recall());
            inUnitInterval(s.f1());
            supportSum += s.support();
            macroP += s.precision();
            macroR += s.recall();
            macroF += s.f1();
            weightedP += s.precision() * s.support();
            weightedR += s.recall() * s.support();
            weightedF += s.f1() * s.support();
        }
        assertEquals(r.support(), supportSum, "per-type supports add up to the true entities");
        int n = r.perType().size();
        if (n == 0) {
            assertTrue(Double.isNaN(r.macro().f1()));
        } else {
            assertEquals(macroP / n, r.macro().precision(), 1e-12);
            assertEquals(macroR / n, r.macro().recall(), 1e-12);
            assertEquals(macroF / n, r.macro().f1(), 1e-12);
        }
        if (supportSum == 0) {
            assertEquals(new TypeScores(0.0, 0.0, 0.0, 0), r.weighted());
        } else {
            assertEquals(weightedP / supportSum, r.weighted().precision(), 1e-12);
            assertEquals(weightedR / supportSum, r.weighted().recall(), 1e-12);
            assertEquals(weightedF / supportSum, r.weighted().f1(), 1e-12);
        }
        assertEquals(r.support(), r.macro().support());
        assertEquals(r.support(), r.weighted().support());
    }

    private static void assertSameNumbers(SeqevalReport a, SeqevalReport b) {
        assertEquals(a.micro(), b.micro());
        assertEquals(a.perType(), b.perType());
        assertEquals(a.macro(), b.macro());
        assertEquals(a.weighted(), b.weighted());
        assertEquals(a.predicted(), b.predicted());
        assertEquals(a.correct(), b.correct());
    }

    private static void inUnitInterval(double x) {
        assertFalse(Double.isNaN(x) || x < 0 || x > 1, "score out of [0, 1]: " + x);
    }

    private static void assertNoSpanCrossesASentence(List<List<String>> sentences, List<EntitySpan> spans) {
        Set<Integer> separators = new HashSet<>();
        int offset = 0;
        for (List<String> s : sentences) {
            offset += s.size();
            separators.add(offset);
            offset++;
        }
        for (EntitySpan span : spans) {
            for (int i = span.start(); i <= span.end(); i++) {
                if (separators.contains(i)) {
                    fail(span + " covers a sentence separator in " + sentences);
                }
            }
        }
    }

    private static boolean containsDot(List<List<String>> sentences) {
        return sentences.stream().anyMatch(s -> s.contains("."));
    }

    private static boolean usesForbiddenPrefix(List<List<String>> sentences, Scheme scheme) {
        EnumSet<Prefix> allowed = EnumSet.noneOf(Prefix.class);
        for (String letter : scheme.allowedPrefixes().split("\\|")) {
            allowed.add(Prefix.valueOf(letter));
        }
        for (List<String> s : sentences) {
            for (String tag : s) {
                if (!allowed.contains(Prefix.valueOf(tag.substring(0, 1)))) {
                    return true;
                }
            }
        }
        return false;
    }

    // --- generators ---

    private static List<List<String>> randomSentences(Random random, String[] pool) {
        int count = 1 + random.nextInt(4);
        List<List<String>> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int length = random.nextInt(9);
            List<String> sentence = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                sentence.add(pool[random.nextInt(pool.length)]);
            }
            out.add(sentence);
        }
        return out;
    }

    /** Same shape; each tag kept with probability 0.7, otherwise redrawn, so that predictions partly match. */
    private static List<List<String>> perturb(Random random, List<List<String>> yTrue, String[] pool) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> s : yTrue) {
            List<String> p = new ArrayList<>();
            for (String tag : s) {
                p.add(random.nextDouble() < 0.7 ? tag : pool[random.nextInt(pool.length)]);
            }
            out.add(p);
        }
        return out;
    }

    /** Non-overlapping random entities within one sentence, in order. */
    private static List<EntitySpan> randomPlan(Random random, int length) {
        List<EntitySpan> plan = new ArrayList<>();
        int i = 0;
        while (i < length) {
            if (random.nextInt(3) == 0) {
                i++;
                continue;
            }
            int len = 1 + random.nextInt(Math.min(3, length - i));
            plan.add(new EntitySpan(TYPES[random.nextInt(TYPES.length)], i, i + len - 1));
            i += len;
        }
        return plan;
    }

    private static List<String> render(List<EntitySpan> plan, int length, Scheme scheme) {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            tags.add("O");
        }
        for (EntitySpan e : plan) {
            for (int i = e.start(); i <= e.end(); i++) {
                tags.set(i, prefix(scheme, i == e.start(), i == e.end()) + "-" + e.type());
            }
        }
        return tags;
    }

    private static String prefix(Scheme scheme, boolean first, boolean last) {
        switch (scheme) {
            case IOB2:
                return first ? "B" : "I";
            case IOE2:
                return last ? "E" : "I";
            case IOBES:
                return first && last ? "S" : first ? "B" : last ? "E" : "I";
            case BILOU:
                return first && last ? "U" : first ? "B" : last ? "L" : "I";
            default:
                throw new IllegalArgumentException(scheme.name());
        }
    }

    /** Strict spans (per sentence) moved to default mode's positions (sentences joined with one "O"). */
    private static List<EntitySpan> global(List<List<String>> sentences, List<List<EntitySpan>> perSentence) {
        List<EntitySpan> out = new ArrayList<>();
        int offset = 0;
        for (int s = 0; s < sentences.size(); s++) {
            for (EntitySpan e : perSentence.get(s)) {
                out.add(new EntitySpan(e.type(), e.start() + offset, e.end() + offset));
            }
            offset += sentences.get(s).size() + 1;
        }
        return out;
    }
}
