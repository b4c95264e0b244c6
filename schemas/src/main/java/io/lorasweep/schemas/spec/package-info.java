/**
 * The sweep spec as Java records, mirroring {@code schemas/sweep-spec.schema.json}. Instances come from
 * {@link io.lorasweep.schemas.SpecCodec}, which validates before it binds; JSON names are snake_case.
 */
package io.lorasweep.schemas.spec;
