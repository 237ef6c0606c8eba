/**
 * The sweeper's decision as pure code: which expired instances are judged and the verdict on each
 * (dead, restarted, suspect, unresponsive). Nothing here does I/O; it reads no clock but the one
 * the leases carry, and is tested in milliseconds with plain JUnit.
 */
package dev.switchboard.sweeper.verdict;
