package io.lorasweep.stack.chdb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * ClickHouse's HTTP interface in front of a {@link ChdbEngine}, so that clickhouse-jdbc and plain HTTP clients
 * talk to the embedded engine exactly as to a server: {@code /ping}, the query in the {@code query} parameter
 * and/or the body, the output format from {@code X-ClickHouse-Format} or {@code default_format}, rows of an
 * {@code INSERT ... FORMAT X} in the body, and errors as ClickHouse sends them.
 */
public final class ClickHouseHttpServer implements AutoCloseable {

    /** The largest request body accepted; bigger inserts should be split, as they would be for a server. */
    static final int MAX_BODY_BYTES = 256 << 20;
    private static final Pattern TRAILING_FORMAT = Pattern.compile("(?is)\\bFORMAT\\s+([A-Za-z0-9]+)\\s*;?\\s*$");
    /** String literals and comments: data and prose, not calls, in a statement being checked. */
    private static final Pattern LITERALS_AND_COMMENTS = Pattern.compile(
            "'(?:[^'\\\\]|\\\\.|'')*'|--[^\\n]*|#[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    /** What a GET may run: ClickHouse's HTTP interface treats GET as readonly. */
    private static final Pattern READS =
            Pattern.compile("(?i)^\\s*\\(*\\s*(SELECT|WITH|SHOW|DESCRIBE|DESC|EXISTS|EXPLAIN)\\b");
    /** Statements that change the session, which every request here shares: ClickHouse's HTTP requests keep none. */
    private static final Pattern SESSION_CHANGES = Pattern.compile("(?i)^\\s*(SET|USE)\\b");
    /** Where an INSERT's own text ends and its rows begin. */
    private static final Pattern ROWS_START = Pattern.compile("(?i)\\b(FORMAT|VALUES)\\b");
    /**
     * Table functions, engines, dictionary sources and clauses that reach files, other hosts or programs. The engine
     * runs inside the user's process with their rights, so none of them is served.
     */
    private static final Pattern REACHES_OUT = Pattern.compile("(?i)\\b(file|fileCluster|url|urlCluster|s3|s3Cluster"
            + "|gcs|oss|cosn|hdfs|hdfsCluster|azureBlobStorage|azureBlobStorageCluster|remote|remoteSecure|cluster"
            + "|clusterAllReplicas|mysql|postgresql|mongodb|redis|sqlite|jdbc|odbc|executable|executablePool"
            + "|deltaLake|hudi|iceberg\\w*|source)\\s*\\(|\\bINTO\\s+OUTFILE\\b|\\bFROM\\s+INFILE\\b"
            + "|\\bENGINE\\s*=\\s*(File|URL|S3|HDFS|Executable|ExecutablePool|MySQL|PostgreSQL|MongoDB|Redis|SQLite"
            + "|JDBC|ODBC|Distributed|AzureBlobStorage|DeltaLake|Hudi|Iceberg)\\b");
    /** Names a local client reaches this front by; any other Host is a page that rebinds a name to 127.0.0.1. */
    private static final Pattern LOCAL_HOST = Pattern.compile("(?i)^(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d+)?$");

    /**
     * The longest any statement may run, whatever the client asks: the engine runs one statement at a time, so
     * a heavy read would otherwise hold up every write behind it.
     */
    public static final long DEFAULT_MAX_QUERY_SECONDS = 60;

    private final ChdbEngine engine;
    private final HttpServer server;
    private final ExecutorService workers;
    private final String timezone;
    private final long maxQuerySeconds;
    /** The password of the one user, {@code default}; null when the front checks none (tests' throwaway engines). */
    private final byte[] password;

    private ClickHouseHttpServer(ChdbEngine engine, HttpServer server, ExecutorService workers, String timezone,
                                 long maxQuerySeconds, String password) {
        this.engine = engine;
        this.server = server;
        this.workers = workers;
        this.timezone = timezone;
        this.maxQuerySeconds = maxQuerySeconds;
        this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The JDK server writes a response's headers and its body as two segments. With Nagle's algorithm on, the body
     * waits for the client to acknowledge the headers, and the client delays that ACK (~40 ms on Linux): every
     * request on a kept-alive connection, which is how clickhouse-jdbc works, then cost ~45 ms however small the
     * query. ClickHouse's own server sets TCP_NODELAY too. The JDK reads this flag once, when its first HTTP server
     * is made, so it is set here before that.
     */
    static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    public static ClickHouseHttpServer start(ChdbEngine engine, String host, int port) throws IOException {
        return start(engine, host, port, DEFAULT_MAX_QUERY_SECONDS, null);
    }

    /**
     * As {@link #start(ChdbEngine, String, int)}, with statements stopped after {@code maxQuerySeconds}, and every
     * request but {@code /ping} refused unless it carries user {@code default} and {@code password} (null: no check).
     */
    public static ClickHouseHttpServer start(ChdbEngine engine, String host, int port, long maxQuerySeconds,
                                             String password) throws IOException {
        if (maxQuerySeconds < 1) {
            throw new IllegalArgumentException("the per-query time limit must be at least 1 s, got " + maxQuerySeconds);
        }
        System.setProperty(NO_DELAY_PROPERTY, "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        ExecutorService workers = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "clickhouse-http");
            t.setDaemon(true);
            return t;
        });
        ChdbEngine.Result tz = engine.query("default", "SELECT timezone()".getBytes(), new byte[0], "TabSeparated");
        String timezone = tz.error() == null ? new String(tz.output(), StandardCharsets.UTF_8).trim() : "UTC";
        ClickHouseHttpServer front = new ClickHouseHttpServer(engine, server, workers, timezone, maxQuerySeconds,
                password);
        server.createContext("/", front::handle);
        server.setExecutor(workers);
        server.start();
        return front;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (host != null && !LOCAL_HOST.matcher(host.trim()).matches()) {
                respondError(exchange, 403, 497, "Code: 497. DB::Exception: the embedded ClickHouse serves "
                        + "127.0.0.1 and localhost only, not Host " + host + ". (ACCESS_DENIED)");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Map<String, String> params = parseQueryString(exchange.getRequestURI().getRawQuery());
            boolean isPost = "POST".equalsIgnoreCase(exchange.getRequestMethod());
            if (path.equals("/ping") || (path.equals("/") && !isPost && !params.containsKey("query"))) {
                respondText(exchange, 200, "Ok.\n");
                return;
            }
            if (!authenticated(exchange, params)) {
                respondError(exchange, 401, 516, "Code: 516. DB::Exception: default: Authentication failed: password "
                        + "is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)");
                return;
            }
            if (!path.equals("/")) {
                respondError(exchange, 404, 0, "There is no handle " + path
                        + ". Use / for queries and /ping to check the server.");
                return;
            }
            byte[] body = isPost ? readBody(exchange) : new byte[0];
            if (body == null) {
                return;
            }
            runQuery(exchange, params, body, isPost);
        } catch (IOException clientWentAway) {
            // The client closed the connection mid-request: nothing to answer, the server goes on.
        } catch (RuntimeException e) {
            try {
                respondError(exchange, 500, 1001, "Code: 1001. DB::Exception: " + e + " (STD_EXCEPTION)");
            } catch (IOException ignored) {
                // the client is gone as well
            }
        }
    }

    private void runQuery(HttpExchange exchange, Map<String, String> params, byte[] body, boolean isPost)
            throws IOException {
        String queryParam = params.getOrDefault("query", "");
        byte[] queryText;
        byte[] data;
        if (queryParam.isEmpty()) {
            queryText = body;
            data = new byte[0];
        } else {
            queryText = queryParam.getBytes(StandardCharsets.UTF_8);
            data = body;
        }
        if (queryText.length == 0 || new String(queryText, StandardCharsets.UTF_8).isBlank()) {
            respondError(exchange, 400, 62, "Code: 62. DB::Exception: Empty query. (SYNTAX_ERROR)");
            return;
        }
        String refusal = refusal(new String(queryText, StandardCharsets.UTF_8), isPost);
        if (refusal != null) {
            respondError(exchange, 403, refusal.startsWith("Code: 164") ? 164 : 497, refusal);
            return;
        }
        String format = firstNonBlank(exchange.getRequestHeaders().getFirst("X-ClickHouse-Format"),
                params.get("default_format"), "TabSeparated");
        String database = firstNonBlank(exchange.getRequestHeaders().getFirst("X-ClickHouse-Database"),
                params.get("database"), "default");
        String queryId = firstNonBlank(params.get("query_id"), null, UUID.randomUUID().toString());

        // With the rows in the body, the statement's own FORMAT names the input, not the output.
        if (data.length == 0) {
            Matcher own = TRAILING_FORMAT.matcher(new String(queryText, StandardCharsets.UTF_8));
            if (own.find()) {
                format = own.group(1);
            }
        }
        long limit = limitSeconds(params.get("max_execution_time"), maxQuerySeconds);
        if (limit < 0) {
            respondError(exchange, 400, 27, "Code: 27. DB::Exception: max_execution_time must be a number of seconds, "
                    + "got '" + params.get("max_execution_time") + "'. (CANNOT_PARSE_INPUT_ASSERTION_FAILED)");
            return;
        }
        ChdbEngine.Result result = engine.query(database, limit, queryText, data, format);
        exchange.getResponseHeaders().set("X-ClickHouse-Query-Id", queryId);
        exchange.getResponseHeaders().set("X-ClickHouse-Timezone", timezone);
        exchange.getResponseHeaders().set("X-ClickHouse-Server-Display-Name", "lorasweep-chdb");
        if (result.error() != null) {
            int code = result.errorCode();
            respondError(exchange, httpStatusOf(code), code, result.error());
            return;
        }
        exchange.getResponseHeaders().set("X-ClickHouse-Format", format);
        exchange.getResponseHeaders().set("X-ClickHouse-Summary", summary(result));
        exchange.getResponseHeaders().set("Content-Type", contentTypeOf(format));
        byte[] output = result.output();
        exchange.sendResponseHeaders(200, output.length == 0 ? -1 : output.length);
        if (output.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(output);
            }
        }
    }

    /**
     * Whether the request carries user {@code default} and the password, in any of the three ways ClickHouse's HTTP
     * interface takes them: Basic authentication, the {@code X-ClickHouse-User}/{@code -Key} headers, or the
     * {@code user}/{@code password} parameters. The comparison takes the same time whatever the password.
     */
    private boolean authenticated(HttpExchange exchange, Map<String, String> params) {
        if (password == null) {
            return true;
        }
        String user = "default";
        String given = null;
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair;
            try {
                pair = new String(java.util.Base64.getDecoder().decode(basic.substring(6).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
            int colon = pair.indexOf(':');
            user = colon < 0 ? pair : pair.substring(0, colon);
            given = colon < 0 ? "" : pair.substring(colon + 1);
        } else if (exchange.getRequestHeaders().containsKey("X-ClickHouse-User")
                || exchange.getRequestHeaders().containsKey("X-ClickHouse-Key")) {
            user = firstNonBlank(exchange.getRequestHeaders().getFirst("X-ClickHouse-User"), null, "default");
            given = exchange.getRequestHeaders().getFirst("X-ClickHouse-Key");
        } else if (params.containsKey("user") || params.containsKey("password")) {
            user = firstNonBlank(params.get("user"), null, "default");
            given = params.get("password");
        }
        return user.equals("default") && given != null
                && java.security.MessageDigest.isEqual(password, given.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The time limit of one statement: the client's {@code max_execution_time} (a URL parameter, as ClickHouse's
     * HTTP interface takes settings) when it is within {@code cap}, else {@code cap}; -1 when the client's is not
     * a number. Like ClickHouse, 0 asks for no limit, which here means the cap.
     */
    static long limitSeconds(String requested, long cap) {
        if (requested == null || requested.isBlank()) {
            return cap;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(requested.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
        if (!(seconds >= 0)) {
            return -1;
        }
        return seconds == 0 ? cap : Math.min(cap, Math.max(1, (long) Math.ceil(seconds)));
    }

    /** Why this statement is not run, as ClickHouse would word it, or null when it may run. */
    static String refusal(String statement, boolean isPost) {
        String code = LITERALS_AND_COMMENTS.matcher(statement).replaceAll(" ");
        if (!isPost && !READS.matcher(code).find()) {
            return "Code: 164. DB::Exception: Cannot execute query in readonly mode. For queries over HTTP, method GET "
                    + "implies readonly. You should use method POST for modifying queries. (READONLY)";
        }
        if (SESSION_CHANGES.matcher(code).find()) {
            return "Code: 497. DB::Exception: every request to the embedded ClickHouse shares one session, so SET and "
                    + "USE are not served; give settings as URL parameters (max_execution_time) and the database as "
                    + "the database parameter. (ACCESS_DENIED)";
        }
        if (code.stripLeading().regionMatches(true, 0, "INSERT", 0, 6)) {
            Matcher rows = ROWS_START.matcher(code);
            if (rows.find()) {
                code = code.substring(0, rows.start()); // the rows are data, whatever they spell
            }
        }
        Matcher out = REACHES_OUT.matcher(code);
        if (out.find()) {
            return "Code: 497. DB::Exception: the embedded ClickHouse runs no table function, engine or clause that "
                    + "reaches files, other hosts or programs (" + out.group().trim() + "). (ACCESS_DENIED)";
        }
        return null;
    }

    /** Reads the whole body, or answers 413 and returns null when it is larger than the server takes. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
            in = new GZIPInputStream(in);
        }
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            respondError(exchange, 413, 0, "Code: 0. DB::Exception: request body larger than "
                    + MAX_BODY_BYTES + " bytes; split the insert");
            return null;
        }
        return body;
    }

    private static String summary(ChdbEngine.Result r) {
        return String.format(Locale.ROOT, "{\"read_rows\":\"%d\",\"read_bytes\":\"%d\",\"written_rows\":\"%d\","
                        + "\"written_bytes\":\"%d\",\"total_rows_to_read\":\"%d\",\"result_rows\":\"0\","
                        + "\"result_bytes\":\"%d\",\"elapsed_ns\":\"%d\"}",
                r.rowsRead(), r.bytesRead(), r.rowsWritten(), r.bytesWritten(), r.rowsRead(), r.output().length,
                (long) (r.elapsedSeconds() * 1e9));
    }

    private static void respondText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        if ("HEAD".equalsIgnoreCase(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void respondError(HttpExchange exchange, int status, int code, String message) throws IOException {
        exchange.getResponseHeaders().set("X-ClickHouse-Exception-Code", Integer.toString(code));
        respondText(exchange, status, message.endsWith("\n") ? message : message + "\n");
    }

    /** The HTTP status ClickHouse's own HTTP handler gives each family of error codes. */
    static int httpStatusOf(int code) {
        return switch (code) {
            case 192, 193, 194, 516 -> 401;
            case 164, 497 -> 403;
            case 46, 47, 50, 56, 60, 73, 81, 115 -> 404;
            case 6, 25, 26, 27, 38, 41, 53, 62, 72, 117, 167, 168 -> 400;
            case 48 -> 501;
            case 159 -> 504;
            default -> 500;
        };
    }

    static String contentTypeOf(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (f.startsWith("json")) {
            return "application/json; charset=UTF-8";
        }
        if (f.startsWith("tabseparated") || f.startsWith("tsv")) {
            return "text/tab-separated-values; charset=UTF-8";
        }
        if (f.startsWith("csv")) {
            return "text/csv; charset=UTF-8";
        }
        if (f.startsWith("rowbinary") || f.equals("native") || f.startsWith("parquet") || f.startsWith("arrow")) {
            return "application/octet-stream";
        }
        return "text/plain; charset=UTF-8";
    }

    static Map<String, String> parseQueryString(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private static String firstNonBlank(String a, String b, String fallback) {
        if (a != null && !a.isBlank()) {
            return a.trim();
        }
        if (b != null && !b.isBlank()) {
            return b.trim();
        }
        return fallback;
    }

    @Override
    public void close() {
        server.stop(1);
        workers.shutdownNow();
    }
}
