package io.lorasweep.schemas;

import com.networknt.schema.JsonNodePath;

/** Builds the dotted paths of {@link ValidationError}: {@code parameters.rank.values[2]}, {@code (root)}. */
final class Paths {

    private Paths() {
    }

    static String field(String parent, String name) {
        return ValidationError.ROOT.equals(parent) ? name : parent + "." + name;
    }

    static String index(String parent, int index) {
        return (ValidationError.ROOT.equals(parent) ? "" : parent) + "[" + index + "]";
    }

    /** The path one level up; the root is its own parent. */
    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? ValidationError.ROOT : path.substring(0, cut);
    }

    /** Converts a validator's instance location into our dotted form. */
    static String of(JsonNodePath location) {
        String path = ValidationError.ROOT;
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path = element instanceof Integer index ? index(path, index) : field(path, String.valueOf(element));
        }
        return path;
    }
}
