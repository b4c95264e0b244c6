package io.lorasweep.eval.tasks.mmlu;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * MMLU as the release ships it: per subject, the dev questions (the few-shot pool, in file order) and the test
 * questions. Subjects are those with a test file, sorted by name.
 */
public record MmluDataset(SortedMap<String, List<MmluQuestion>> dev, SortedMap<String, List<MmluQuestion>> test) {

    public MmluDataset {
        dev = copy(dev);
        test = copy(test);
        if (test.isEmpty()) {
            throw new IllegalArgumentException("test must hold at least one subject");
        }
    }

    public List<String> subjects() {
        return List.copyOf(test.keySet());
    }

    /** The dev questions of a subject, empty when it has no dev file. */
    public List<MmluQuestion> devOf(String subject) {
        return dev.getOrDefault(subject, List.of());
    }

    private static SortedMap<String, List<MmluQuestion>> copy(Map<String, List<MmluQuestion>> map) {
        SortedMap<String, List<MmluQuestion>> copy = new TreeMap<>();
        for (Map.Entry<String, List<MmluQuestion>> e : map.entrySet()) {
            copy.put(e.getKey(), List.copyOf(e.getValue()));
        }
        return Collections.unmodifiableSortedMap(copy);
    }
}
