package io.lorasweep.eval.tasks;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FewShotSamplerTest {

    private final List<Integer> pool = IntStream.range(0, 50).boxed().toList();

    @Test
    void sameSeedSameShotsAndNoRepeats() {
        List<Integer> a = FewShotSampler.draw(pool, 5, 1234);
        assertEquals(a, FewShotSampler.draw(pool, 5, 1234));
        assertEquals(5, new HashSet<>(a).size());
        assertNotEquals(a, FewShotSampler.draw(pool, 5, 99));
    }

    @Test
    void fewerShotsArePrefixesOfMoreShots() {
        assertEquals(FewShotSampler.draw(pool, 3, 7), FewShotSampler.draw(pool, 5, 7).subList(0, 3));
    }

    @Test
    void boundaries() {
        assertEquals(List.of(), FewShotSampler.draw(List.of(), 0, 1));
        assertEquals("k must not exceed the 2 examples of the training split, got 3",
                assertThrows(IllegalArgumentException.class, () -> FewShotSampler.draw(List.of(1, 2), 3, 1))
                        .getMessage());
    }
}
