package io.lorasweep.controller.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    private static RowBatch batch(String table, int rows) {
        RowBatch b = new RowBatch(table);
        for (int i = 0; i < rows; i++) {
            b.begin().put("n", i).put("s", "row \"" + i + "\"\n").put("v", i == 0 ? Double.NaN : i * 0.5).end();
        }
        return b;
    }

    @Test
    void rowsAreJsonEachRowWithClickHouseNamesForNonFiniteValues() {
        String text = new String(batch("t", 2).data(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("{\"n\":0,\"s\":\"row \\\"0\\\"\\n\",\"v\":\"nan\"}\n{\"n\":1,\"s\":\"row \\\"1\\\"\\n\",\"v\":0.5}\n",
                text);
    }

    @Test
    void recordsSurviveReopeningAndDrainInOrder(@TempDir Path dir) throws Exception {
        try (Spool spool = new Spool(dir, 1 << 20)) {
            spool.append(batch("metrics", 3));
            spool.append(batch("trials", 1));
        }
        try (Spool spool = new Spool(dir, 1 << 20)) {
            assertEquals(2, spool.records());
            List<Spool.Entry> entries = spool.peek(10);
            assertEquals(List.of("metrics", "trials"), entries.stream().map(e -> e.batch().table()).toList());
            assertArrayEquals(batch("metrics", 3).data(), entries.get(0).batch().data());
            assertEquals(3, entries.get(0).batch().rows());
            spool.advance(entries.get(0));
            assertEquals(1, spool.records());
            spool.advance(entries.get(1));
            assertTrue(spool.isEmpty());
            assertEquals(0, Files.size(spool.file()), "a drained spool gives its disk back");
        }
    }

    @Test
    void aTornRecordAtTheEndIsDroppedAndTheRestKept(@TempDir Path dir) throws Exception {
        Path file;
        try (Spool spool = new Spool(dir, 1 << 20)) {
            spool.append(batch("metrics", 3));
            spool.append(batch("costs", 2));
            file = spool.file();
        }
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size - 5); // the controller died while appending the second record
        }
        try (Spool spool = new Spool(dir, 1 << 20)) {
            assertEquals(1, spool.records());
            assertEquals("metrics", spool.peek(10).get(0).batch().table());
            spool.append(batch("evals", 1));
            assertEquals(List.of("metrics", "evals"), spool.peek(10).stream().map(e -> e.batch().table()).toList());
        }
    }

    @Test
    void aCorruptRecordEndsTheReadableSpool(@TempDir Path dir) throws Exception {
        Path file;
        try (Spool spool = new Spool(dir, 1 << 20)) {
            spool.append(batch("metrics", 3));
            spool.append(batch("costs", 2));
            file = spool.file();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 0x55;
        Files.write(file, bytes);
        try (Spool spool = new Spool(dir, 1 << 20)) {
            assertEquals(1, spool.records(), "the checksum catches the flipped byte");
        }
    }

    @Test
    void theBoundRefusesMoreInsteadOfFillingTheDisk(@TempDir Path dir) throws Exception {
        try (Spool spool = new Spool(dir, 600)) {
            spool.append(batch("metrics", 3));
            Spool.FullException full = assertThrows(Spool.FullException.class, () -> {
                for (int i = 0; i < 10; i++) {
                    spool.append(batch("metrics", 3));
                }
            });
            assertTrue(full.getMessage().contains("of 600 bytes"), full.getMessage());
            assertTrue(Files.size(spool.file()) <= 600);
        }
    }
}
