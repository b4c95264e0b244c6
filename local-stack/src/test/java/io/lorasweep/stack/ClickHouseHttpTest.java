package io.lorasweep.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.junit.LocalClickHouseExtension;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** clickhouse-jdbc and plain HTTP against the embedded engine, as against a ClickHouse server. */
@ExtendWith(LocalClickHouseExtension.class)
class ClickHouseHttpTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalClickHouse clickHouse;

    @BeforeEach
    void setUp(LocalClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    static Connection connect(LocalClickHouse clickHouse) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "default");
        props.setProperty("password", "");
        props.setProperty("compress", "false");
        return DriverManager.getConnection(clickHouse.jdbcUrl(), props);
    }

    private HttpResponse<String> post(String urlSuffix, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(clickHouse.httpUrl() + urlSuffix))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String select(String sql) throws Exception {
        HttpResponse<String> r = post("/", sql);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static String q(String sql) {
        return URLEncoder.encode(sql, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(clickHouse.httpUrl() + "/?query=" + q(query))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The status line of a GET sent with this Host header (HttpClient will not set Host itself). */
    private String statusWithHost(String host) throws Exception {
        URI uri = URI.create(clickHouse.httpUrl());
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.getOutputStream().write(("GET /?query=" + q("SELECT 1") + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }
    }

    /** As ClickHouse's HTTP interface: GET is read-only. */
    @Test
    void aGetChangesNothing() throws Exception {
        select("CREATE TABLE IF NOT EXISTS get_guard (x UInt8) ENGINE = MergeTree ORDER BY x");
        for (String write : List.of("DROP TABLE get_guard", "INSERT INTO get_guard VALUES (1)",
                "  /* hidden */ TRUNCATE TABLE get_guard", "ALTER TABLE get_guard DELETE WHERE 1",
                "CREATE TABLE get_new (x UInt8) ENGINE = Memory")) {
            HttpResponse<String> r = get(write);
            assertEquals(403, r.statusCode(), write + " → " + r.body());
            assertTrue(r.body().contains("readonly"), r.body());
        }
        assertEquals("1\n", get("SELECT count() FROM system.tables WHERE name = 'get_guard'").body());
        assertEquals(200, get("WITH 1 AS one SELECT one").statusCode());
    }

    /** The engine runs in the user's process: nothing may reach their files, other hosts or programs through it. */
    @Test
    void noStatementReachesFilesHostsOrPrograms(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path secret = java.nio.file.Files.writeString(dir.resolve("api-token"), "secret-token\n");
        for (String reach : List.of("SELECT * FROM file('" + secret + "', 'LineAsString')",
                "SELECT * FROM FILE ('" + secret + "', LineAsString)",
                "INSERT INTO FUNCTION file('" + dir.resolve("out.tsv") + "', 'TSV', 'x UInt8') VALUES (1)",
                "SELECT 1 INTO OUTFILE '" + dir.resolve("o.tsv") + "'",
                "SELECT * FROM url('http://127.0.0.1:1/', 'LineAsString')",
                "SELECT * FROM remote('127.0.0.1:9000', system.one)",
                "SELECT * FROM executable('id', 'LineAsString', 'x String')",
                "CREATE TABLE f (s String) ENGINE = File(LineAsString, '" + secret + "')")) {
            HttpResponse<String> r = post("/", reach);
            assertEquals(403, r.statusCode(), reach + " → " + r.body());
            assertTrue(!r.body().contains("secret-token"), r.body());
        }
        assertTrue(!java.nio.file.Files.exists(dir.resolve("out.tsv")) && !java.nio.file.Files.exists(dir.resolve("o.tsv")));
        // a string that only mentions such a function is data, not a call
        assertEquals("file(x)\n", select("SELECT 'file(x)'"));
    }

    /** A page the user opens cannot talk to the engine through a name that resolves to 127.0.0.1 (rebinding). */
    @Test
    void onlyLocalHostNamesAreServed() throws Exception {
        int port = URI.create(clickHouse.httpUrl()).getPort();
        for (String local : List.of("127.0.0.1:" + port, "localhost:" + port, "localhost", "[::1]:" + port)) {
            assertTrue(statusWithHost(local).contains(" 200 "), local);
        }
        for (String foreign : List.of("attacker.example:" + port, "attacker.example", "127.0.0.1.nip.io:" + port)) {
            assertTrue(statusWithHost(foreign).contains(" 403 "), foreign);
        }
    }

    @Test
    void jdbcDriverReportsAClickHouse26Version() throws Exception {
        try (Connection c = connect(clickHouse); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version()")) {
            assertTrue(rs.next());
            assertTrue(rs.getString(1).startsWith("26."), rs.getString(1));
        }
    }

    @Test
    void jdbcWritesAndReadsTypedRows() throws Exception {
        try (Connection c = connect(clickHouse); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS jdbc_rows (id UInt32, name String, score Float64, "
                    + "at DateTime64(3, 'UTC'), tags Array(String)) ENGINE = MergeTree ORDER BY id");
            s.execute("TRUNCATE TABLE jdbc_rows");
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO jdbc_rows (id, name, score, at, tags) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 100; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "trial-'" + i + "'\t\\");
                    ps.setDouble(3, i / 4.0);
                    ps.setTimestamp(4, java.sql.Timestamp.from(java.time.Instant.ofEpochMilli(1_700_000_000_123L + i)));
                    ps.setArray(5, c.createArrayOf("String", new Object[] {"a", "b" + i}));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(), sum(score), max(name), toUnixTimestamp64Milli(max(at)), "
                    + "arrayStringConcat(any(tags), ',') FROM jdbc_rows WHERE id = 99 OR id < 99")) {
                assertTrue(rs.next());
                assertEquals(100, rs.getLong(1));
                assertEquals(1237.5, rs.getDouble(2), 1e-9);
                assertEquals("trial-'99'\t\\", rs.getString(3));
                assertEquals(1_700_000_000_222L, rs.getLong(4));
            }
        }
    }

    @Test
    void errorsArriveAsClickHouseSendsThem() throws Exception {
        HttpResponse<String> r = post("/", "SELEC 1");
        assertEquals(400, r.statusCode());
        assertEquals("62", r.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());
        assertTrue(r.body().startsWith("Code: 62. DB::Exception:"), r.body());

        HttpResponse<String> missing = post("/", "SELECT * FROM no_such_table");
        assertEquals(404, missing.statusCode());
        assertEquals("60", missing.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());

        try (Connection c = connect(clickHouse); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM no_such_table"));
            assertTrue(e.getMessage().contains("Code: 60"), e.getMessage());
            // the connection survives an error
            try (ResultSet rs = s.executeQuery("SELECT 41 + 1")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
            }
        }
    }

    @Test
    void insertsTakeRowsFromTheBodyInSeveralFormats() throws Exception {
        select("CREATE TABLE IF NOT EXISTS fmt (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
        select("TRUNCATE TABLE fmt");
        assertEquals(200, post("/?query=" + q("INSERT INTO fmt FORMAT TabSeparated"), "1\tone\n2\ttwo\n").statusCode());
        assertEquals(200, post("/?query=" + q("INSERT INTO fmt FORMAT CSV"), "3,\"th,ree\"\n").statusCode());
        assertEquals(200, post("/?query=" + q("INSERT INTO fmt FORMAT JSONEachRow"),
                "{\"id\":4,\"name\":\"four\"}\n{\"id\":5,\"name\":\"fi\\nve\"}\n").statusCode());
        // RowBinary: UInt32 little endian, then a varint length and the bytes
        ByteBuffer rows = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        rows.putInt(6).put((byte) 3).put("six".getBytes(StandardCharsets.UTF_8));
        rows.putInt(0x0100).put((byte) 4).put(new byte[] {'z', 0, 'e', 'r'});
        byte[] binary = java.util.Arrays.copyOf(rows.array(), rows.position());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(clickHouse.httpUrl() + "/?query="
                + q("INSERT INTO fmt FORMAT RowBinary"))).POST(HttpRequest.BodyPublishers.ofByteArray(binary)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("1\tone\n2\ttwo\n3\tth,ree\n4\tfour\n5\tfi\\nve\n6\tsix\n256\tz\\0er\n",
                select("SELECT id, name FROM fmt ORDER BY id"));

        HttpResponse<String> bad = post("/?query=" + q("INSERT INTO fmt FORMAT TabSeparated"), "x\tnot a number\n");
        assertTrue(bad.statusCode() >= 400, bad.body());
        assertTrue(bad.body().startsWith("Code: "), bad.body());
        assertEquals("7\n", select("SELECT count() FROM fmt"), "a rejected insert adds nothing");
    }

    @Test
    void outputFormatFollowsHeaderParameterOrStatement() throws Exception {
        HttpResponse<String> byParam = http.send(HttpRequest.newBuilder(URI.create(clickHouse.httpUrl()
                + "/?default_format=JSONEachRow&query=" + q("SELECT 1 AS x"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("{\"x\":1}\n", byParam.body());
        assertEquals("JSONEachRow", byParam.headers().firstValue("X-ClickHouse-Format").orElseThrow());

        HttpResponse<String> byHeader = http.send(HttpRequest.newBuilder(URI.create(clickHouse.httpUrl()))
                .header("X-ClickHouse-Format", "CSVWithNames")
                .POST(HttpRequest.BodyPublishers.ofString("SELECT 'a' AS s")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("\"s\"\n\"a\"\n", byHeader.body());

        HttpResponse<String> own = post("/", "SELECT 2 AS y FORMAT JSONEachRow");
        assertEquals("{\"y\":2}\n", own.body());
        assertEquals("JSONEachRow", own.headers().firstValue("X-ClickHouse-Format").orElseThrow());

        HttpResponse<String> ping = http.send(HttpRequest.newBuilder(URI.create(clickHouse.httpUrl() + "/ping")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("Ok.\n", ping.body());
    }

    /** Long enough that only a time limit ends it (hours at this machine's speed). */
    static final String HEAVY_READ = "SELECT count() FROM numbers(100000000000) WHERE sipHash64(number) % 7 = 3";

    @Test
    void aStatementStopsAtItsTimeLimitAndTheEngineGoesOn() throws Exception {
        HttpResponse<String> stopped = http.send(HttpRequest.newBuilder(URI.create(clickHouse.httpUrl()
                + "/?max_execution_time=1&query=" + q(HEAVY_READ))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(504, stopped.statusCode(), stopped.body());
        assertEquals("159", stopped.headers().firstValue("X-ClickHouse-Exception-Code").orElse(""));
        assertTrue(stopped.body().contains("TIMEOUT_EXCEEDED"), stopped.body());
        // the limit belongs to that request: the next one, without a limit of its own, runs to its end
        assertEquals("4950\n", get("SELECT sum(number) FROM numbers(100)").body());
        HttpResponse<String> notANumber = http.send(HttpRequest.newBuilder(URI.create(clickHouse.httpUrl()
                + "/?max_execution_time=soon&query=" + q("SELECT 1"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, notANumber.statusCode());
        assertTrue(notANumber.body().contains("max_execution_time"), notANumber.body());
    }

    @Test
    void whatAFailedStatementHadWrittenIsNotInTheNextAnswer() throws Exception {
        for (String format : List.of("JSONEachRow", "RowBinaryWithNamesAndTypes", "TabSeparatedWithNames")) {
            HttpResponse<String> failed = http.send(HttpRequest.newBuilder(URI.create(clickHouse.httpUrl()
                    + "/?default_format=" + format + "&query=" + q("SELECT number, throwIf(number = 70000) "
                    + "FROM numbers(100000)"))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(500, failed.statusCode(), failed.body());
            assertEquals("42\n", get("SELECT 42").body(), "after a failure in " + format);
        }
    }

    @Test
    void requestsCannotChangeTheSessionOthersShare() throws Exception {
        for (String statement : List.of("SET max_execution_time = 0", "  use system", "SET readonly = 0")) {
            HttpResponse<String> r = post("/", statement);
            assertEquals(403, r.statusCode(), statement);
            assertTrue(r.body().contains("SET and USE are not served"), r.body());
        }
        assertEquals("default\n", select("SELECT currentDatabase()"));
        assertEquals("60\n", select("SELECT getSetting('max_execution_time')"));
    }

    @Test
    void databaseParameterSelectsTheDatabase() throws Exception {
        select("CREATE DATABASE IF NOT EXISTS other");
        select("CREATE TABLE IF NOT EXISTS other.t (x UInt8) ENGINE = Memory");
        select("TRUNCATE TABLE other.t");
        assertEquals(200, post("/?database=other&query=" + q("INSERT INTO t FORMAT TSV"), "7\n").statusCode());
        assertEquals("7\n", select("SELECT x FROM other.t"));
        assertEquals("default\n", select("SELECT currentDatabase()"));
    }

    @Test
    void servesManyConnectionsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int n = t;
                results.add(pool.submit(() -> {
                    long sum = 0;
                    try (Connection c = connect(clickHouse); Statement s = c.createStatement()) {
                        for (int i = 0; i < 25; i++) {
                            try (ResultSet rs = s.executeQuery("SELECT sum(number) FROM numbers(" + (n * 100 + i) + ")")) {
                                rs.next();
                                sum += rs.getLong(1);
                            }
                        }
                    }
                    return sum;
                }));
            }
            for (int t = 0; t < 8; t++) {
                long expected = 0;
                for (int i = 0; i < 25; i++) {
                    long m = t * 100L + i;
                    expected += m * (m - 1) / 2;
                }
                assertEquals(expected, results.get(t).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void survivesClientsThatDisconnectMidRequest() throws Exception {
        String hostPort = clickHouse.httpUrl().substring("http://".length());
        String host = hostPort.substring(0, hostPort.indexOf(':'));
        int port = Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1));
        for (int i = 0; i < 5; i++) {
            // a body announced as 1 MB that stops after a few bytes
            try (Socket socket = new Socket(host, port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /?query=" + q("INSERT INTO fmt FORMAT TSV") + " HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 1000000\r\n\r\n1\tpartial").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            // a query whose answer nobody reads
            try (Socket socket = new Socket(host, port)) {
                socket.getOutputStream().write(("GET /?query=" + q("SELECT number FROM numbers(200000)")
                        + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertTrue(LocalClickHouse.ping(clickHouse.httpUrl(), Duration.ofSeconds(5)));
        assertEquals("3\n", select("SELECT 1 + 2"));
        select("CREATE TABLE IF NOT EXISTS fmt (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
        assertEquals("0\n", select("SELECT count() FROM fmt WHERE name = 'partial'"), "a cut-off insert adds nothing");
    }
}
