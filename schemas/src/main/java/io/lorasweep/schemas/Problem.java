package io.lorasweep.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The one error answer of both HTTP services, as RFC 9457 "problem details" ({@link #MEDIA_TYPE}): the status,
 * its reason phrase as {@code title}, what went wrong for this request as {@code detail}, and, for a request that
 * broke rules of a contract, each broken rule in {@code errors} ({@link ValidationError}'s path and message).
 *
 * @param type   {@code about:blank}: the status says what kind of problem it is
 * @param errors null when the problem is not about the request's fields
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<ValidationError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Problem {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem's status is 4xx or 5xx, got " + status);
        }
        errors = errors == null ? null : List.copyOf(errors);
    }

    public static Problem of(int status, String detail) {
        return new Problem("about:blank", title(status), status, detail, null);
    }

    /** A 400 naming each broken rule; the detail lists them too, for a reader that shows one line. */
    public static Problem invalid(List<ValidationError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).toString()
                : "invalid request: " + errors.size() + " problems: "
                        + String.join("; ", errors.stream().map(ValidationError::toString).toList());
        return new Problem("about:blank", title(400), 400, detail, errors);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem could not be written as JSON", e);
        }
    }

    /** The reason phrase of an error status (RFC 9110), or "HTTP n" for one it does not name. */
    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "HTTP " + status;
        };
    }
}
