package io.lorasweep.controller;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka consumer as a worker verticle: one poll per task on its own context, the next queued after it, so
 * undeploying it ends the loop between polls and then closes the consumer on that same context.
 */
abstract class PollingIntake extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(PollingIntake.class);

    private final String name;
    private final Promise<Void> ended = Promise.promise();
    private volatile boolean running = true;

    PollingIntake(String name) {
        this.name = name;
    }

    /** Creates and subscribes the consumer (on the verticle's context). */
    abstract void open();

    /** One poll and what it asks for; false when reading must stop. */
    abstract boolean step() throws Exception;

    /** Lets the consumer go, after whatever the last poll left to finish. */
    abstract void close();

    @Override
    public final Future<?> start() {
        open();
        context.runOnContext(v -> pollOnce());
        return Future.succeededFuture();
    }

    @Override
    public final Future<?> stop() {
        running = false;
        return ended.future();
    }

    private void pollOnce() {
        try {
            if (running && step()) {
                context.runOnContext(v -> pollOnce());
                return;
            }
        } catch (Exception e) {
            if (running) {
                LOG.error("the {} stopped", name, e);
            }
        }
        try {
            close();
        } finally {
            ended.tryComplete();
        }
    }
}
