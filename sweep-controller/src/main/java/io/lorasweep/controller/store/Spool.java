package io.lorasweep.controller.store;

import io.lorasweep.schemas.db.RowBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An append-only file of row batches that ClickHouse could not take yet. Each record is
 * {@code [length][crc32c][table][rows][data]}, forced to disk before {@link #append} returns, so a batch the
 * controller has acknowledged survives a crash of the controller. An append that fails part-way is cut off at
 * once; a torn record at the end (the controller died while appending, before acknowledging) is dropped on
 * reading. Not thread-safe: the writer serialises use.
 */
final class Spool implements AutoCloseable {

    /** Thrown when appending would pass the bound: the caller must keep the data elsewhere (Kafka keeps it). */
    static final class FullException extends IOException {
        FullException(long bytes, long limit) {
            super("the ClickHouse outage spool is full (" + bytes + " of " + limit + " bytes)");
        }
    }

    private final Path file;
    private final long maxBytes;
    private final FileChannel channel;
    private long readPosition;
    private long records;

    /** How the spool's file is opened; tests put a failing channel in. */
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    Spool(Path dir, long maxBytes) throws IOException {
        this(dir, maxBytes, f -> FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
    }

    Spool(Path dir, long maxBytes, Opener opener) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve("clickhouse-spool.bin");
        this.maxBytes = maxBytes;
        this.channel = opener.open(file);
        long valid = scan();
        if (valid < channel.size()) {
            channel.truncate(valid); // a torn tail was never acknowledged
        }
        channel.position(valid);
    }

    Path file() {
        return file;
    }

    /** Records not yet drained. */
    long records() {
        return records;
    }

    /** Bytes not yet drained. */
    long bytes() throws IOException {
        return channel.size() - readPosition;
    }

    boolean isEmpty() {
        return records == 0;
    }

    void append(RowBatch batch) throws IOException {
        byte[] table = batch.table().getBytes(StandardCharsets.UTF_8);
        byte[] data = batch.data();
        int bodyLength = 4 + table.length + 4 + data.length;
        if (channel.size() + 8 + bodyLength > maxBytes) {
            throw new FullException(channel.size(), maxBytes);
        }
        ByteBuffer body = ByteBuffer.allocate(bodyLength);
        body.putInt(table.length).put(table).putInt(batch.rows()).put(data).flip();
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        ByteBuffer header = ByteBuffer.allocate(8).putInt(bodyLength).putInt((int) crc.getValue()).flip();
        long start = channel.size();
        channel.position(start);
        try {
            while (header.hasRemaining() || body.hasRemaining()) {
                channel.write(new ByteBuffer[] {header, body});
            }
            channel.force(false);
        } catch (IOException e) {
            // a short write (a full disk) would leave a torn record that every later append sits behind, unread
            // until a restart drops them all with it: cut it now, so the file stays a sequence of whole records
            try {
                channel.truncate(start);
                channel.position(start);
            } catch (IOException cut) {
                e.addSuppressed(cut);
            }
            throw e;
        }
        records++;
    }

    /** Up to {@code max} of the oldest records, without removing them; see {@link #advance}. */
    List<Entry> peek(int max) throws IOException {
        List<Entry> out = new ArrayList<>();
        long position = readPosition;
        while (out.size() < max) {
            Entry e = read(position);
            if (e == null) {
                break;
            }
            out.add(e);
            position = e.next;
        }
        return out;
    }

    /** Marks records up to {@code entry} as stored in ClickHouse; empties the file once everything is. */
    void advance(Entry entry) throws IOException {
        readPosition = entry.next;
        records--;
        if (readPosition >= channel.size()) {
            channel.truncate(0);
            channel.force(true);
            readPosition = 0;
            records = 0;
        }
    }

    record Entry(RowBatch batch, long next) {
    }

    private Entry read(long position) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(8);
        if (!readFully(header, position)) {
            return null;
        }
        int length = header.getInt(0);
        int crc = header.getInt(4);
        if (length < 8 || position + 8 + length > channel.size()) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        if (!readFully(body, position + 8)) {
            return null;
        }
        CRC32C check = new CRC32C();
        check.update(body.duplicate());
        if ((int) check.getValue() != crc) {
            return null;
        }
        byte[] table = new byte[body.getInt()];
        body.get(table);
        int rows = body.getInt();
        byte[] data = new byte[body.remaining()];
        body.get(data);
        return new Entry(RowBatch.of(new String(table, StandardCharsets.UTF_8), rows, data), position + 8 + length);
    }

    private boolean readFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                return false;
            }
            at += n;
        }
        buffer.flip();
        return true;
    }

    /** Counts the intact records and returns where they end. */
    private long scan() throws IOException {
        long position = 0;
        records = 0;
        for (Entry e = read(0); e != null; e = read(position)) {
            position = e.next;
            records++;
        }
        return position;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
