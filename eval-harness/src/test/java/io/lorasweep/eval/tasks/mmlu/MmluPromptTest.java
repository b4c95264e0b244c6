package io.lorasweep.eval.tasks.mmlu;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MmluPromptTest {

    private final MmluDataset data = MmluCsv.readFolder(MmluCsvTest.fixture());

    @Test
    void descriptionTurnsUnderscoresIntoSpaces() {
        assertEquals("The following are multiple choice questions (with answers) about high school biology.\n\n",
                MmluPrompt.description("high_school_biology"));
    }

    @Test
    void zeroShotIsDescriptionThenQuestionStripped() {
        MmluQuestion q = data.test().get("anatomy").get(0);
        assertEquals("The following are multiple choice questions (with answers) about anatomy.\n\n"
                + "How many chambers does the human heart have?\nA. Two\nB. Three\nC. Four\nD. Five\nAnswer:",
                MmluPrompt.context(q, List.of()));
    }

    @Test
    void twoShotPromptByteForByteAsTheHarnessBuildsIt() {
        MmluQuestion q = data.test().get("anatomy").get(1);
        String expected = "The following are multiple choice questions (with answers) about anatomy.\n\n"
                + "What is the largest organ of the human body?\nA. Liver\nB. Skin\nC. Heart\nD. Brain\nAnswer: B\n\n"
                + "Which bone is also called the \"collarbone\"?\nA. Scapula\nB. Clavicle\nC. Sternum\nD. Femur\n"
                + "Answer: B\n\n"
                + "Which of the following is a bone of the\nforearm?\nA. Humerus\nB. Radius\nC. Tibia\nD. Fibula\n"
                + "Answer:";
        assertEquals(expected, MmluPrompt.context(q, data.devOf("anatomy").subList(0, 2)));
        assertEquals(List.of(" A", " B", " C", " D"), MmluPrompt.CONTINUATIONS);
    }

    @Test
    void pythonStripDiffersFromJavaStrip() {
        assertEquals("q", PythonText.strip("\u00A0\u0085 q\u202F\u2007"));
        assertEquals("\u00A0q", "\u00A0q".strip()); // Java keeps the no-break space; the harness would not
        assertEquals("a b", PythonText.strip("\u001C a b \u3000"));
    }
}
