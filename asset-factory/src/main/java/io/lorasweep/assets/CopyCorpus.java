package io.lorasweep.assets;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Short documents that can only be predicted by reading back: a list of coined items and then the same list again,
 * a sentence and its copy, a table of labels and values and then lookups into it. Few-shot extraction needs a model
 * that copies spans and labels from its prompt (an induction head: find the earlier occurrence of the current
 * token, predict what followed it); a small model pretrained on an hour of natural text does not learn that (the
 * v2 shipped model lowered its loss on a repeated random sequence by 5%). Here every second occurrence is free
 * for a model that copies and costs full price for one that does not, so the gradient asks for copying on every
 * page, about half of each page's tokens.
 */
public final class CopyCorpus {

    private static final List<String> LIST_HEADS = List.of("Words:", "List:", "Names:", "Codes:", "Items:",
            "Terms:", "Sequence:");
    private static final List<String> REPEATS = List.of("Again:", "Repeat:", "Once more:", "Copy:", "Same list:",
            "Read back:");
    private static final List<String> UNITS = List.of("ml", "grams", "km", "liters", "hours", "units", "drops",
            "cups");
    private static final List<String> LABELS = List.of("ITEM", "NAME", "THING", "KIND", "GROUP", "CLASS", "TAG",
            "LABEL", "FIELD", "SLOT", "CODE", "TERM", "KEY", "TYPE", "VALUE", "PLACE", "PERSON", "COLOR", "SHAPE",
            "ANIMAL", "TOOL", "FOOD", "CITY", "PART");

    private final Random random;

    public CopyCorpus(Random random) {
        this.random = random;
    }

    /**
     * {@code n} token sequences, each a run of 16 to 63 ids drawn from {@code symbols} ids starting at
     * {@code firstId} and then the same run again: copying with nothing else to go on (no word to half-know), the
     * plainest signal for an induction head.
     */
    static List<int[]> symbolRepeats(int n, int firstId, int symbols, Random random) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int length = 16 + random.nextInt(48);
            int[] ids = new int[2 * length];
            for (int j = 0; j < length; j++) {
                ids[j] = firstId + random.nextInt(symbols);
                ids[length + j] = ids[j];
            }
            out.add(ids);
        }
        return out;
    }

    public String nextDocument() {
        double kind = random.nextDouble();
        return kind < 0.4 ? repeatedList() : kind < 0.7 ? repeatedSentence() : lookups();
    }

    /** "Words: a, b, c\nAgain: a, b, c", sometimes read back a second time. */
    private String repeatedList() {
        List<String> items = new ArrayList<>();
        int n = 4 + random.nextInt(14);
        for (int i = 0; i < n; i++) {
            items.add(item());
        }
        String separator = random.nextBoolean() ? ", " : " ";
        String list = String.join(separator, items);
        StringBuilder page = new StringBuilder(pick(LIST_HEADS)).append(' ').append(list);
        int copies = random.nextDouble() < 0.25 ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            page.append('\n').append(pick(REPEATS)).append(' ').append(list);
        }
        return page.toString();
    }

    /** A sentence of coined and ordinary words, then the same sentence. */
    private String repeatedSentence() {
        List<String> words = new ArrayList<>();
        int n = 5 + random.nextInt(12);
        for (int i = 0; i < n; i++) {
            words.add(random.nextDouble() < 0.45 ? pick(List.of("the", "a", "of", "and", "to", "in", "with", "was",
                    "near", "after", "for", "on", "is", "from")) : item());
        }
        String sentence = Character.toUpperCase(words.get(0).charAt(0)) + String.join(" ", words).substring(1) + ".";
        return "Text: " + sentence + "\nCopy: " + sentence;
    }

    /** A table of label: value lines, then some of its lines again in another order. */
    private String lookups() {
        List<String> labels = new ArrayList<>(LABELS);
        java.util.Collections.shuffle(labels, random);
        int n = 3 + random.nextInt(5);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String label = random.nextDouble() < 0.3 ? ExtractionCorpus.coin(random).toUpperCase(java.util.Locale.ROOT)
                    : labels.get(i);
            lines.add(label + ": " + item());
        }
        StringBuilder page = new StringBuilder("Table:\n").append(String.join("\n", lines)).append("\nLookups:");
        List<String> asked = new ArrayList<>(lines);
        java.util.Collections.shuffle(asked, random);
        for (String line : asked.subList(0, 2 + random.nextInt(n - 1))) {
            page.append('\n').append(line);
        }
        return page.toString();
    }

    /** A coined word, a coined name, a number or an amount: nothing a model could know before the page. */
    private String item() {
        double kind = random.nextDouble();
        if (kind < 0.4) {
            return ExtractionCorpus.coin(random);
        }
        if (kind < 0.6) {
            return capitalised(ExtractionCorpus.coin(random));
        }
        if (kind < 0.75) {
            return capitalised(ExtractionCorpus.coin(random)) + " " + capitalised(ExtractionCorpus.coin(random));
        }
        if (kind < 0.88) {
            return Integer.toString(random.nextInt(random.nextBoolean() ? 100 : 10000));
        }
        return (1 + random.nextInt(500)) + " " + pick(UNITS);
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private String pick(List<String> list) {
        return list.get(random.nextInt(list.size()));
    }
}
