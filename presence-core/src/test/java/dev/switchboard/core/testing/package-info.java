/**
 * Test fixtures on Switchboard's keys for other modules' tests, shipped in presence-core's
 * test-jar: the only place outside presence-core's main code that names keys or sends commands
 * about them. Server administration and faults (pause, flush, clock) are test-support's.
 */
package dev.switchboard.core.testing;
