package io.lorasweep.schemas.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void allListsTheShippedMigrationsInOrder() {
        List<Migration> all = Migrations.all();
        assertEquals("V001__core_tables", all.get(0).name());
        assertEquals(1, all.get(0).version());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i).version() > all.get(i - 1).version(), "versions increase");
        }
        assertTrue(all.get(0).checksum().matches("[0-9a-f]{64}"));
        assertEquals(all, Migrations.all(), "reading twice gives the same checksums");
    }

    @Test
    void coreMigrationCreatesEveryTableIdempotently() {
        List<String> statements = Migrations.all().get(0).statements();
        List<String> tables = statements.stream()
                .map(s -> s.replaceAll("(?s)^CREATE TABLE IF NOT EXISTS (\\w+).*", "$1")).toList();
        assertEquals(List.of("sweeps", "trials", "trial_events", "metrics", "evals", "baselines", "costs", "dead_letters"), tables);
        for (String statement : statements) {
            assertTrue(statement.contains("ENGINE = ReplacingMergeTree("), statement);
            assertTrue(!statement.contains("--") && !statement.endsWith(";"), "comments and semicolons are dropped");
        }
    }

    @Test
    void statementsSplitAtSemicolonsThatEndALine() {
        Migration migration = new Migration(7, "V007__x", """
                -- a comment; not a statement;
                CREATE TABLE a (x String DEFAULT 'a;b')
                ENGINE = Memory;
                   -- indented comment
                INSERT INTO a VALUES ('1');

                SELECT 1""", "unused");
        assertEquals(List.of("CREATE TABLE a (x String DEFAULT 'a;b')\nENGINE = Memory", "INSERT INTO a VALUES ('1')", "SELECT 1"),
                migration.statements());
    }

    @Test
    void theIndexMustListWellNamedFilesInVersionOrder() {
        assertEquals("db/out-of-order/index.txt line 2: V001__first.sql must have a higher version than V002__second.sql,"
                        + " which comes before it",
                assertThrows(IllegalStateException.class, () -> Migrations.load("db/out-of-order")).getMessage());
        assertEquals("db/misnamed/index.txt line 3: \"V1_first.sql\" is not a migration file name like V001__create_tables.sql",
                assertThrows(IllegalStateException.class, () -> Migrations.load("db/misnamed")).getMessage());
        assertEquals("missing classpath resource db/missing-file/V001__gone.sql",
                assertThrows(IllegalStateException.class, () -> Migrations.load("db/missing-file")).getMessage());
    }

    @Test
    void applyRunsEachMissingMigrationOnceAndRecordsIt() throws SQLException {
        FakeDatabase db = new FakeDatabase();
        List<String> names = Migrations.all().stream().map(Migration::name).toList();
        assertEquals(names, Migrations.apply(db.connection()));
        int executed = db.executed.size();
        assertTrue(db.executed.get(0).startsWith("CREATE TABLE IF NOT EXISTS schema_migrations"));
        assertTrue(db.executed.stream().anyMatch(s -> s.startsWith("CREATE TABLE IF NOT EXISTS dead_letters")));

        assertEquals(List.of(), Migrations.apply(db.connection()), "a second run applies nothing");
        assertEquals(executed + 1, db.executed.size(), "only the ledger's CREATE IF NOT EXISTS runs again");
    }

    @Test
    void applyRefusesAMigrationChangedAfterItWasApplied() throws SQLException {
        FakeDatabase db = new FakeDatabase();
        db.rows.add(new Object[] {1, "V001__core_tables", "0".repeat(64)});
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> Migrations.apply(db.connection()));
        assertEquals("migration V001__core_tables was changed after it was applied (checksum recorded " + "0".repeat(64)
                + ", file " + Migrations.all().get(0).checksum() + "); restore the file and add a new migration for the change",
                error.getMessage());
    }

    @Test
    void applyRefusesADatabaseNewerThanTheBuild() {
        FakeDatabase db = new FakeDatabase();
        db.rows.add(new Object[] {999, "V999__future", "f".repeat(64)});
        assertEquals("the database has migration V999__future (version 999), which this build does not know: "
                        + "the database is newer than this build",
                assertThrows(IllegalStateException.class, () -> Migrations.apply(db.connection())).getMessage());
    }

    /** Just enough of java.sql to watch what apply() sends: executes are recorded, the ledger is kept in rows. */
    private static final class FakeDatabase {
        private static final Pattern INSERT = Pattern.compile(
                "INSERT INTO schema_migrations \\(version, name, checksum, applied_at\\) VALUES \\((\\d+), '([^']*)', '([^']*)', now64\\(3\\)\\)");
        final List<String> executed = new ArrayList<>();
        final List<Object[]> rows = new ArrayList<>();

        Connection connection() {
            return proxy(Connection.class, (method, args) -> method.equals("createStatement") ? statement() : null);
        }

        private Statement statement() {
            return proxy(Statement.class, (method, args) -> switch (method) {
                case "execute" -> {
                    String sql = (String) args[0];
                    executed.add(sql);
                    Matcher insert = INSERT.matcher(sql);
                    if (insert.matches()) {
                        rows.add(new Object[] {Integer.parseInt(insert.group(1)), insert.group(2), insert.group(3)});
                    }
                    yield false;
                }
                case "executeQuery" -> resultSet(List.copyOf(rows).iterator());
                default -> null;
            });
        }

        private ResultSet resultSet(Iterator<Object[]> iterator) {
            Object[][] current = new Object[1][];
            return proxy(ResultSet.class, (method, args) -> switch (method) {
                case "next" -> {
                    current[0] = iterator.hasNext() ? iterator.next() : null;
                    yield current[0] != null;
                }
                case "getInt" -> current[0][(Integer) args[0] - 1];
                case "getString" -> current[0][(Integer) args[0] - 1];
                default -> null;
            });
        }

        private interface Handler {
            Object handle(String method, Object[] args);
        }

        private static <T> T proxy(Class<T> type, Handler handler) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    (self, method, args) -> handler.handle(method.getName(), args)));
        }
    }
}
