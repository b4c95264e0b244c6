package io.lorasweep.assets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.agent.model.HfTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteLevelBpeTest {

    private static final List<String> TRICKY = List.of("", " ", "  leading spaces", "trailing  ", "a\n\nb\n",
            "Started metformin 500 mg twice daily.", "It's 37.5 °C; BP 120/80 mmHg — stable.",
            "naïve café 25µg\ttab", "emoji 😀 and 中文 text", "<s>special</s> inside <pad>", "x<s>", "don't we'll I'd",
            "\u00a0non-breaking\u2009thin", "1234567 numbers 3.14", "CAPS and MiXeD", "Answer: B\n\nQ");

    @Test
    void djlTokenizersEncodeExactlyAsOurEncoderOnCorpusAndEdgeCases(@TempDir Path dir) {
        List<String> docs = new ArrayList<>(new CorpusGenerator(7).pretrainingDocuments(300, 100, 100));
        ByteLevelBpe bpe = new BpeTrainer(600, 2, TokenizerJson.SPECIALS).train(docs);
        TokenizerJson.write(dir, bpe, 256);
        List<String> cases = new ArrayList<>(TRICKY);
        cases.addAll(docs.subList(0, 200));
        try (HfTokenizer hf = HfTokenizer.load(dir, bpe.id(TokenizerJson.EOS))) {
            for (String text : cases) {
                int[] ours = bpe.encode(text);
                assertArrayEquals(ours, hf.encode(text), () -> "encoding of '" + text + "'");
                int[] withBos = hf.encodeWithSpecialTokens(text);
                assertEquals(ours.length + 1, withBos.length, "post-processor adds exactly BOS");
                assertEquals(bpe.id(TokenizerJson.BOS), withBos[0]);
                if (!text.contains("<")) {
                    assertEquals(text, bpe.decode(ours, true));
                    assertEquals(text, hf.decode(ours));
                }
            }
        }
    }

    @Test
    void trainingIsDeterministicAndFillsTheVocabulary() {
        List<String> docs = new CorpusGenerator(3).pretrainingDocuments(100, 40, 40);
        ByteLevelBpe a = new BpeTrainer(500, 2, TokenizerJson.SPECIALS).train(docs);
        ByteLevelBpe b = new BpeTrainer(500, 2, TokenizerJson.SPECIALS).train(docs);
        assertEquals(a.merges(), b.merges());
        assertEquals(500, a.size());
        assertEquals(0, a.id(TokenizerJson.PAD));
        assertEquals(1, a.id(TokenizerJson.BOS));
        assertEquals(2, a.id(TokenizerJson.EOS));
        assertTrue(a.encode("the patient").length < "the patient".length());
    }

    @Test
    void mergesThatSpellAnExistingTokenShareItsId() {
        ByteLevelBpe bpe = new ByteLevelBpe(TokenizerJson.SPECIALS, List.of("a b", "b c", "ab c", "a bc"));
        assertEquals(3 + 256 + 3, bpe.size());
        assertArrayEquals(new int[] {bpe.id("abc")}, bpe.encode("abc"));
    }

    @Test
    void rejectsMalformedMerges() {
        assertThrows(IllegalArgumentException.class, () -> new ByteLevelBpe(TokenizerJson.SPECIALS, List.of("ab")));
        assertThrows(IllegalArgumentException.class,
                () -> new ByteLevelBpe(TokenizerJson.SPECIALS, List.of("xy z")));
        assertThrows(IllegalArgumentException.class, () -> new BpeTrainer(100, 2, TokenizerJson.SPECIALS));
    }
}
