/**
 * REST API, samplers, pruners, trial lifecycle and leases, Kafka I/O and ClickHouse writes. Talks to agents through Kafka only.
 */
package io.lorasweep.controller;
