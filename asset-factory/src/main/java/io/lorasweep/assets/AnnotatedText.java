package io.lorasweep.assets;

import io.lorasweep.eval.tasks.ner.EntitySpan;
import java.util.ArrayList;
import java.util.List;

/** Text built piece by piece, where some pieces are typed entities whose offsets are recorded as they are added. */
final class AnnotatedText {

    private final StringBuilder text = new StringBuilder();
    private final List<EntitySpan> spans = new ArrayList<>();

    AnnotatedText plain(String s) {
        text.append(s);
        return this;
    }

    AnnotatedText entity(String type, String surface) {
        int start = text.length();
        text.append(surface);
        spans.add(new EntitySpan(type, start, text.length(), surface));
        return this;
    }

    int length() {
        return text.length();
    }

    String text() {
        return text.toString();
    }

    List<EntitySpan> spans() {
        return List.copyOf(spans);
    }
}
