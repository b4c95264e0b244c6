package io.lorasweep.dashboard.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The page's files (HTML, CSS, JS), read once from the classpath and served from memory: nothing is fetched from
 * anywhere else, and nothing is unpacked to disk.
 */
public final class Assets {

    /** A file: its bytes and content type. */
    public record Asset(byte[] bytes, String contentType) {
    }

    static final String ROOT = "/io/lorasweep/dashboard/web/";

    private final Map<String, Asset> byPath = new LinkedHashMap<>();

    public Assets() {
        add("/", "index.html", "text/html; charset=utf-8");
        add("/app.js", "app.js", "text/javascript; charset=utf-8");
        add("/charts.js", "charts.js", "text/javascript; charset=utf-8");
        add("/style.css", "style.css", "text/css; charset=utf-8");
        add("/favicon.svg", "favicon.svg", "image/svg+xml");
    }

    private void add(String path, String file, String type) {
        try (InputStream in = Assets.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + file + " is missing from the build");
            }
            byPath.put(path, new Asset(in.readAllBytes(), type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Asset get(String path) {
        return byPath.get(path);
    }

    public Iterable<String> paths() {
        return byPath.keySet();
    }
}
