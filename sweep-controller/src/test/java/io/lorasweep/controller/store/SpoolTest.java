package io.lorasweep.controller.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.db.RowBatch;
import io.lorasweep.schemas.db.TableRow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    /** {@code rows} metric points, under {@code table}'s name (the spool keeps any table's batches alike). */
    private static RowBatch batch(String table, int rows) {
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < rows; i++) {
            data.writeBytes(new RowBatch(TableRow.Metric.TABLE).add(new TableRow.Metric("s", i, 1,
                    "row \"" + i + "\"\n", i, i == 0 ? Double.NaN : i * 0.5, 7)).data());
        }
        return RowBatch.of(table, rows, data.toByteArray());
    }

    @Test
    void rowsAreJsonEachRowWithClickHouseNamesForNonFiniteValues() {
        String text = new String(batch("t", 2).data(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("{\"sweep_id\":\"s\",\"trial_id\":0,\"attempt\":1,\"name\":\"row \\\"0\\\"\\n\",\"step\":0,"
                + "\"value\":\"nan\",\"at\":7}\n{\"sweep_id\":\"s\",\"trial_id\":1,\"attempt\":1,"
                + "\"name\":\"row \\\"1\\\"\\n\",\"step\":1,\"value\":0.5,\"at\":7}\n", text);
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
    void anAppendThatFailsPartWayIsCutAtOnceAndLaterAppendsStayReadable(@TempDir Path dir) throws Exception {
        long[] budget = {Long.MAX_VALUE};
        try (Spool spool = new Spool(dir, 1 << 20, f -> new DiskFillingChannel(FileChannel.open(f,
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE), budget))) {
            spool.append(batch("metrics", 3));
            long whole = Files.size(spool.file());
            budget[0] = 20; // the disk fills 20 bytes into the next record
            assertThrows(IOException.class, () -> spool.append(batch("costs", 2)));
            assertEquals(whole, Files.size(spool.file()), "the torn record is cut at once");
            budget[0] = Long.MAX_VALUE; // space again
            spool.append(batch("evals", 1));
            assertEquals(List.of("metrics", "evals"), spool.peek(10).stream().map(e -> e.batch().table()).toList());
        }
        try (Spool reopened = new Spool(dir, 1 << 20)) {
            assertEquals(2, reopened.records(), "a restart keeps every acknowledged batch");
        }
    }

    /** A file channel on a disk with {@code budget[0]} bytes left: a write past it stops short and fails. */
    private static final class DiskFillingChannel extends FileChannel {
        private final FileChannel file;
        private final long[] budget;

        DiskFillingChannel(FileChannel file, long[] budget) {
            this.file = file;
            this.budget = budget;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (budget[0] <= 0) {
                throw new IOException("No space left on device");
            }
            int n = (int) Math.min(src.remaining(), budget[0]);
            ByteBuffer part = src.slice().limit(n);
            int written = file.write(part);
            src.position(src.position() + written);
            budget[0] -= written;
            return written;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                while (srcs[i].hasRemaining()) {
                    total += write(srcs[i]);
                }
            }
            return total;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return file.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return file.read(dsts, offset, length);
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long p) throws IOException {
            file.position(p);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            file.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return file.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return file.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return file.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return file.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return file.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return file.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
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
