/**
 * The bench: a command-line device simulator and load generator that starts Redis, edges, the
 * presence-api and the sweeper as real processes, runs one scenario against them (and against a
 * bare Vert.x floor and Node ws for comparison) and reports what it measured. It drives the
 * packaged services from outside and carries no copy of their logic; Redis key names belong to
 * presence-core.
 */
package dev.switchboard.bench;
