package io.lorasweep.assets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A byte-level BPE tokenizer: special tokens first (matched literally in the text, as Hugging Face matches added
 * tokens), then {@link PreTokenizer} pieces, each turned into {@link ByteLevelAlphabet} symbols and merged pair by
 * pair, always the adjacent pair of lowest merge rank and the leftmost of equal rank, which is the order Hugging
 * Face's BPE model applies merges in. {@link TokenizerJson} writes the same tokenizer as a {@code tokenizer.json}.
 *
 * <p>Ids: the special tokens, then the 256 byte symbols in byte order, then each new token a merge makes, in merge
 * order.
 */
public final class ByteLevelBpe {

    private final List<String> specials;
    private final List<String> merges;
    private final Map<String, Integer> vocab;
    private final List<String> tokens;
    private final Map<Long, Integer> mergeRank = new HashMap<>();
    private final Map<Long, Integer> mergeResult = new HashMap<>();
    private final Map<String, int[]> cache = new HashMap<>();

    /**
     * @param specials special tokens, ids 0.. in order
     * @param merges   merges in rank order, each as the two tokens joined by one space
     */
    public ByteLevelBpe(List<String> specials, List<String> merges) {
        this.specials = List.copyOf(specials);
        this.merges = List.copyOf(merges);
        this.vocab = new LinkedHashMap<>();
        this.tokens = new ArrayList<>();
        for (String s : specials) {
            if (s.isEmpty() || vocab.containsKey(s)) {
                throw new IllegalArgumentException("special tokens must be distinct and non-empty, got " + specials);
            }
            add(s);
        }
        for (int b = 0; b < 256; b++) {
            add(String.valueOf(ByteLevelAlphabet.charOf(b)));
        }
        for (int rank = 0; rank < merges.size(); rank++) {
            String m = merges.get(rank);
            int space = m.indexOf(' ');
            if (space <= 0 || space == m.length() - 1 || m.indexOf(' ', space + 1) >= 0) {
                throw new IllegalArgumentException("merge " + rank + " must be two tokens and one space, got '" + m
                        + "'");
            }
            Integer left = vocab.get(m.substring(0, space));
            Integer right = vocab.get(m.substring(space + 1));
            if (left == null || right == null) {
                throw new IllegalArgumentException("merge " + rank + " ('" + m + "') uses a token no earlier merge "
                        + "made");
            }
            String merged = m.substring(0, space) + m.substring(space + 1);
            if (mergeRank.put(pairKey(left, right), rank) != null) {
                throw new IllegalArgumentException("merge " + rank + " ('" + m + "') repeats an earlier merge");
            }
            // two merges may spell the same token ("a bc", "ab c"): like Hugging Face, one id for both
            if (!vocab.containsKey(merged)) {
                add(merged);
            }
            mergeResult.put(pairKey(left, right), vocab.get(merged));
        }
    }

    private void add(String token) {
        vocab.put(token, tokens.size());
        tokens.add(token);
    }

    static long pairKey(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    public List<String> specials() {
        return specials;
    }

    public List<String> merges() {
        return merges;
    }

    /** Token string to id, in id order. */
    public Map<String, Integer> vocab() {
        return java.util.Collections.unmodifiableMap(vocab);
    }

    public int size() {
        return tokens.size();
    }

    public int id(String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException("no token '" + token + "'");
        }
        return id;
    }

    /** Ids of the text, special tokens matched where they occur literally; no BOS/EOS is added. */
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int nextSpecial = -1;
            String which = null;
            for (String s : specials) {
                int at = text.indexOf(s, pos);
                if (at >= 0 && (nextSpecial < 0 || at < nextSpecial
                        || (at == nextSpecial && s.length() > which.length()))) {
                    nextSpecial = at;
                    which = s;
                }
            }
            int end = nextSpecial < 0 ? text.length() : nextSpecial;
            for (String piece : PreTokenizer.split(text.substring(pos, end))) {
                for (int id : encodePiece(piece)) {
                    out.add(id);
                }
            }
            if (nextSpecial < 0) {
                break;
            }
            out.add(vocab.get(which));
            pos = nextSpecial + which.length();
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private int[] encodePiece(String piece) {
        int[] cached = cache.get(piece);
        if (cached != null) {
            return cached;
        }
        String symbols = ByteLevelAlphabet.encode(piece);
        List<Integer> ids = new ArrayList<>(symbols.length());
        for (int i = 0; i < symbols.length(); i++) {
            ids.add(vocab.get(String.valueOf(symbols.charAt(i))));
        }
        while (ids.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            int bestAt = -1;
            for (int i = 0; i + 1 < ids.size(); i++) {
                Integer rank = mergeRank.get(pairKey(ids.get(i), ids.get(i + 1)));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    bestAt = i;
                }
            }
            if (bestAt < 0) {
                break;
            }
            ids.set(bestAt, mergeResult.get(pairKey(ids.get(bestAt), ids.get(bestAt + 1))));
            ids.remove(bestAt + 1);
        }
        int[] result = ids.stream().mapToInt(Integer::intValue).toArray();
        if (cache.size() < 200_000) {
            cache.put(piece, result);
        }
        return result;
    }

    /** The text of the ids; special tokens are skipped when {@code skipSpecial}. */
    public String decode(int[] ids, boolean skipSpecial) {
        StringBuilder out = new StringBuilder();
        StringBuilder symbols = new StringBuilder();
        for (int id : ids) {
            if (id < 0 || id >= tokens.size()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + size());
            }
            if (id < specials.size()) {
                out.append(ByteLevelAlphabet.decode(symbols));
                symbols.setLength(0);
                if (!skipSpecial) {
                    out.append(tokens.get(id));
                }
            } else {
                symbols.append(tokens.get(id));
            }
        }
        return out.append(ByteLevelAlphabet.decode(symbols)).toString();
    }
}
