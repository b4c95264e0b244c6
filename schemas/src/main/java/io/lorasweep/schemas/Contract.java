package io.lorasweep.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.util.List;

/**
 * The JSON Schemas (draft 2020-12) of this project, one per kind of document, shipped as classpath resources
 * under {@code schemas/}. {@link #check} reports broken structural rules in plain words; the cross-field rules
 * of a sweep spec are added by {@link SpecCodec}.
 */
public enum Contract {
    SWEEP_SPEC("sweep-spec.schema.json"),
    TRIAL_ASSIGNMENT("trial-assignment.schema.json"),
    TRIAL_EVENT("trial-event.schema.json"),
    CONTROL("control.schema.json"),
    DEAD_LETTER("dead-letter.schema.json");

    /** The base of every schema's {@code $id}; mapped to the classpath, so nothing is ever fetched. */
    public static final String BASE_IRI = "https://lorasweep.io/schemas/";

    private final String file;
    private volatile JsonSchema schema;

    Contract(String file) {
        this.file = file;
    }

    /** The classpath resource of this schema, e.g. {@code schemas/control.schema.json}. */
    public String resource() {
        return "schemas/" + file;
    }

    /** The schema's {@code $id}. */
    public String id() {
        return BASE_IRI + file;
    }

    /** Every broken structural rule of the document, in document order; empty when it conforms. */
    public List<ValidationError> check(JsonNode document) {
        JsonNode checked = this == TRIAL_EVENT ? PlainMetricPoints.needingSchema(document) : document;
        List<ValidationError> errors = schema().validate(checked).stream().map(SchemaMessages::describe).toList();
        return DocumentOrder.sort(checked, errors);
    }

    private JsonSchema schema() {
        JsonSchema loaded = schema;
        if (loaded == null) {
            loaded = Validators.FACTORY.getSchema(SchemaLocation.of(id()), Validators.CONFIG);
            loaded.initializeValidators(); // resolve every $ref now: a broken schema fails on first use, not mid-stream
            schema = loaded;
        }
        return loaded;
    }

    /** Built on first use, after the enum constants exist. */
    private static final class Validators {
        static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE_IRI, "classpath:schemas/")));
        static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
                .errorMessageKeyword("message")
                .pathType(PathType.JSON_POINTER)
                .build();
    }
}
