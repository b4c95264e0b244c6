package io.lorasweep.schemas.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ClickHouse schema as numbered migrations under {@code db/migrations/} on the classpath, listed in
 * {@code db/migrations/index.txt}. {@link #apply} brings a database up to date and records each migration in
 * {@code schema_migrations}. Run it from one process at a time (the launcher or the controller at start):
 * ClickHouse has no transactions to make two concurrent runs safe.
 */
public final class Migrations {

    /** Where the migrations and their index live on the classpath. */
    public static final String ROOT = "db/migrations";

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d{1,9})__([a-z0-9_]+)\\.sql");

    private static final String CREATE_LEDGER = """
            CREATE TABLE IF NOT EXISTS schema_migrations
            (
                version    UInt32,
                name       String,
                checksum   String,
                applied_at DateTime64(3)
            )
            ENGINE = MergeTree
            ORDER BY version""";

    private Migrations() {
    }

    /** Every migration of this build, in order. @throws IllegalStateException if the index or a file is wrong */
    public static List<Migration> all() {
        return load(ROOT);
    }

    /**
     * Applies every migration not yet recorded in {@code schema_migrations}, in order, each once, and records it.
     *
     * @return the names of the migrations applied by this call (empty when the database was up to date)
     * @throws IllegalStateException when an applied migration's file has changed since, or the database has a
     *                               migration this build does not know (it is newer than this build)
     * @throws SQLException          when a statement fails; the migrations before it stay applied and recorded
     */
    public static List<String> apply(Connection connection) throws SQLException {
        List<Migration> migrations = all();
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_LEDGER);
            Map<Integer, String[]> applied = applied(statement);
            checkApplied(migrations, applied);
            List<String> appliedNow = new ArrayList<>();
            for (Migration migration : migrations) {
                if (applied.containsKey(migration.version())) {
                    continue;
                }
                for (String sql : migration.statements()) {
                    statement.execute(sql);
                }
                statement.execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ("
                        + migration.version() + ", '" + migration.name() + "', '" + migration.checksum() + "', now64(3))");
                appliedNow.add(migration.name());
            }
            return List.copyOf(appliedNow);
        }
    }

    /** version -> {name, checksum} of what the database has recorded. */
    private static Map<Integer, String[]> applied(Statement statement) throws SQLException {
        Map<Integer, String[]> applied = new LinkedHashMap<>();
        try (ResultSet rows = statement.executeQuery(
                "SELECT version, name, checksum FROM schema_migrations ORDER BY version")) {
            while (rows.next()) {
                applied.putIfAbsent(rows.getInt(1), new String[] {rows.getString(2), rows.getString(3)});
            }
        }
        return applied;
    }

    private static void checkApplied(List<Migration> migrations, Map<Integer, String[]> applied) {
        Map<Integer, Migration> byVersion = new LinkedHashMap<>();
        migrations.forEach(m -> byVersion.put(m.version(), m));
        for (Map.Entry<Integer, String[]> entry : applied.entrySet()) {
            Migration migration = byVersion.get(entry.getKey());
            String name = entry.getValue()[0];
            String checksum = entry.getValue()[1];
            if (migration == null) {
                throw new IllegalStateException("the database has migration " + name + " (version " + entry.getKey()
                        + "), which this build does not know: the database is newer than this build");
            }
            if (!migration.checksum().equals(checksum)) {
                throw new IllegalStateException("migration " + migration.name() + " was changed after it was applied"
                        + " (checksum recorded " + checksum + ", file " + migration.checksum()
                        + "); restore the file and add a new migration for the change");
            }
        }
    }

    /** Reads the index and the migrations it lists under {@code root} on the classpath. */
    static List<Migration> load(String root) {
        List<Migration> migrations = new ArrayList<>();
        String index = read(root + "/index.txt");
        int lineNumber = 0;
        for (String line : index.split("\n")) {
            lineNumber++;
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            Matcher matcher = FILE_NAME.matcher(file);
            if (!matcher.matches()) {
                throw new IllegalStateException(root + "/index.txt line " + lineNumber + ": \"" + file
                        + "\" is not a migration file name like V001__create_tables.sql");
            }
            int version = Integer.parseInt(matcher.group(1));
            if (!migrations.isEmpty() && version <= migrations.get(migrations.size() - 1).version()) {
                Migration previous = migrations.get(migrations.size() - 1);
                throw new IllegalStateException(root + "/index.txt line " + lineNumber + ": " + file
                        + " must have a higher version than " + previous.name() + ".sql, which comes before it");
            }
            String sql = read(root + "/" + file);
            migrations.add(new Migration(version, file.substring(0, file.length() - ".sql".length()), sql, sha256(sql)));
        }
        return List.copyOf(migrations);
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            // normalised so a checkout with CRLF line endings has the same checksum
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
