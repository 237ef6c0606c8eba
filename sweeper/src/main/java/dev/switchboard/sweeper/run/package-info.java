/**
 * One sweep as I/O: read leases, owner records and pods, call the {@code verdict} rules, then
 * delete by compare-and-delete and store the report. Decisions do not live here, and Redis is
 * reached only through presence-core's stores.
 */
package dev.switchboard.sweeper.run;
