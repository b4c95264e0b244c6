package io.lorasweep.eval.metrics.seqeval;

import static io.lorasweep.eval.metrics.seqeval.Tags.sentences;
import static io.lorasweep.eval.metrics.seqeval.Tags.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Default mode: seqeval's get_entities with its end_of_chunk / start_of_chunk rules. */
class DefaultModeEntitiesTest {

    private static List<EntitySpan> entities(String text) {
        return Seqeval.entities(sentences(text));
    }

    @Test
    void docstringExample() {
        assertEquals(List.of(span("PER", 0, 1), span("LOC", 3, 3)), entities("B-PER I-PER O B-LOC"));
    }

    @Test
    void seqevalTestExample() {
        assertEquals(List.of(span("MISC", 3, 5), span("PER", 7, 8)),
                entities("O O O B-MISC I-MISC I-MISC O B-PER I-PER"));
    }

    @Test
    void tagsWithoutTypeHaveTypeUnderscoreAndSentencesAreJoinedWithAnO() {
        // seqeval: get_entities([['O','O','O','B','I','I','O'], ['B','I','O']]) == [('_', 3, 5), ('_', 8, 9)]
        assertEquals(List.of(span("_", 3, 5), span("_", 8, 9)), entities("O O O B I I O | B I O"));
    }

    @Test
    void entitiesNeverCrossSentenceBoundaries() {
        assertEquals(List.of(span("PER", 0, 1), span("PER", 3, 3)), entities("B-PER I-PER | I-PER"));
    }

    @Test
    void emptySentencesStillTakeTheirSeparator() {
        assertEquals(List.of(span("X", 1, 1)), entities(" | B-X | "));
        assertEquals(List.of(), entities(""));
        assertEquals(List.of(), entities(" | | "));
    }

    @Test
    void insideAfterOutsideStartsAChunk() {
        assertEquals(List.of(span("PER", 1, 2)), entities("O I-PER I-PER"));
        assertEquals(List.of(span("PER", 0, 0)), entities("I-PER"));
    }

    @Test
    void typeChangeEndsOneChunkAndStartsAnother() {
        assertEquals(List.of(span("PER", 0, 0), span("LOC", 1, 1)), entities("B-PER I-LOC"));
        assertEquals(List.of(span("PER", 0, 1), span("LOC", 2, 3)), entities("I-PER I-PER I-LOC I-LOC"));
    }

    @Test
    void beginAfterBeginOrInsideStartsANewChunk() {
        assertEquals(List.of(span("X", 0, 0), span("X", 1, 2)), entities("B-X B-X I-X"));
        assertEquals(List.of(span("X", 0, 1), span("X", 2, 2)), entities("B-X I-X B-X"));
    }

    @Test
    void endAndSingleTags() {
        assertEquals(List.of(span("PER", 0, 1), span("LOC", 2, 2)), entities("B-PER E-PER S-LOC"));
        assertEquals(List.of(span("PER", 0, 0)), entities("E-PER"));
        // after S or E, an I or E starts a new chunk
        assertEquals(List.of(span("PER", 0, 0), span("PER", 1, 1)), entities("S-PER I-PER"));
        assertEquals(List.of(span("PER", 0, 1), span("PER", 2, 2)), entities("I-PER E-PER I-PER"));
        assertEquals(List.of(span("PER", 0, 0), span("PER", 1, 1)), entities("E-PER E-PER"));
        // B then S: the B chunk ends, S is its own
        assertEquals(List.of(span("X", 0, 0), span("X", 1, 1)), entities("B-X S-X"));
    }

    @Test
    void typeIsTheTextAfterTheFirstDash() {
        assertEquals(List.of(span("ORG-COMPANY", 0, 1)), entities("B-ORG-COMPANY I-ORG-COMPANY"));
        assertEquals(List.of(span("PER-", 0, 0)), entities("B-PER-"));
        assertEquals(List.of(span("_", 0, 0)), entities("B-"));
        assertEquals(List.of(span("組織", 0, 1)), entities("B-組織 I-組織"));
    }

    @Test
    void tagsThatAreNoNamedEntityTagsAreReadLiterally() {
        // seqeval only warns: "MISC" is chunk tag 'M' with type "ISC", "BPER" is 'B' with type "PER".
        assertEquals(List.of(span("ISC", 0, 1)), entities("MISC MISC O"));
        assertEquals(List.of(span("PER", 0, 0)), entities("BPER"));
        assertEquals(List.of(span("PER", 0, 1)), entities("BPER IPER"));
    }

    @Test
    void aDotTagNeitherStartsNorEndsByTypeChange() {
        assertEquals(List.of(span("X", 0, 0)), entities("B-X . O"));
        assertEquals(List.of(span("X", 1, 1)), entities(". I-X"));
    }

    @Test
    void aDotTagBeforeAnUntypedInsideTagLeavesTheChunkStartBehind() {
        // seqeval quirk, kept: after '.', an 'I' of the same (empty) type neither ends nor starts a chunk, so the
        // chunk closed by the next 'O' reuses the last start seen, even across the sentence boundary.
        assertEquals(List.of(span("X", 0, 0), span("_", 0, 3)), entities("B-X | . I"));
    }

    @Test
    void emptyTagIsRefusedAsSeqevalsIndexError() {
        SeqevalException e = assertThrows(SeqevalException.class, () -> Seqeval.entities(List.of(List.of("B-X", ""))));
        assertEquals("IndexError", e.pythonError());
    }

    @Test
    void chunkRulesTable() {
        // end_of_chunk: E and S always end; B/I end before B, S, O; any non-O, non-'.' tag ends on a type change
        assertEquals(true, ConllChunker.endOfChunk("E", "E", "X", "X"));
        assertEquals(true, ConllChunker.endOfChunk("S", "I", "X", "X"));
        assertEquals(true, ConllChunker.endOfChunk("I", "O", "X", "_"));
        assertEquals(false, ConllChunker.endOfChunk("B", "I", "X", "X"));
        assertEquals(false, ConllChunker.endOfChunk("I", "E", "X", "X"));
        assertEquals(false, ConllChunker.endOfChunk("O", "B", "_", "X"));
        assertEquals(false, ConllChunker.endOfChunk(".", "I", "_", "X"));
        // start_of_chunk: B and S always start; I/E start after E, S, O; a non-O, non-'.' tag starts on a type change
        assertEquals(true, ConllChunker.startOfChunk("I", "B", "X", "X"));
        assertEquals(true, ConllChunker.startOfChunk("O", "E", "_", "X"));
        assertEquals(false, ConllChunker.startOfChunk("B", "I", "X", "X"));
        assertEquals(false, ConllChunker.startOfChunk("I", "O", "X", "_"));
        assertEquals(false, ConllChunker.startOfChunk("B", ".", "X", "_"));
    }
}
