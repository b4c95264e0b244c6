package io.lorasweep.controller;

import io.lorasweep.controller.store.ClickHouseStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The controller's Prometheus metrics. Only counts, sizes and states: no tag carries a sweep id, a parameter or a
 * metric value, so {@code /metrics} can be scraped by anyone who may see that the service is busy.
 */
final class ControllerMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter events;
    private final Counter points;
    private final Counter refused;
    private final Counter unrecorded;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    ControllerMetrics(ClickHouseStore store) {
        events = Counter.builder("lorasweep.events.received").description("Trial events read from Kafka")
                .register(registry);
        points = Counter.builder("lorasweep.metric.points.received")
                .description("Metric points carried by those events").register(registry);
        refused = Counter.builder("lorasweep.events.dead.lettered")
                .description("Records on lora.events refused by the contract and sent to the dead-letter topic")
                .register(registry);
        unrecorded = Counter.builder("lorasweep.events.record.failures")
                .description("Batches of events that could be neither written nor spooled, left in Kafka")
                .register(registry);
        FunctionCounter.builder("lorasweep.clickhouse.rows.written", store, ClickHouseStore::rowsWritten)
                .description("Rows inserted into ClickHouse").register(registry);
        gauge("lorasweep.clickhouse.up", store, s -> s.health().up() ? 1 : 0, "1 while ClickHouse takes writes");
        gauge("lorasweep.clickhouse.spool.batches", store, s -> s.health().spooledBatches(),
                "Batches waiting on disk for ClickHouse");
        gauge("lorasweep.clickhouse.spool.bytes", store, s -> s.health().spooledBytes(),
                "Bytes waiting on disk for ClickHouse");
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        gc.bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private <T> void gauge(String name, T target, ToDoubleFunction<T> value, String description) {
        Gauge.builder(name, target, value).description(description).register(registry);
    }

    void received(int eventCount, int pointCount) {
        events.increment(eventCount);
        points.increment(pointCount);
    }

    void deadLettered(int count) {
        refused.increment(count);
    }

    void recordFailed() {
        unrecorded.increment();
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
