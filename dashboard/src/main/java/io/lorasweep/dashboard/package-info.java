/**
 * The web page and its read API over ClickHouse, and the reports.
 */
package io.lorasweep.dashboard;
