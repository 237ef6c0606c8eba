package dev.switchboard.sweeper.verdict;

import java.util.Optional;

/**
 * An edge instance whose lease expired, with its owner record if it still exists.
 *
 * @param leaseAgeMs how long since its last heartbeat (Redis clock)
 * @param pod the pod name it recorded at registration; empty when the record is gone
 * @param podUid the pod UID it recorded; empty when the record is gone
 */
public record ExpiredInstance(
    String inst, long leaseAgeMs, Optional<String> pod, Optional<String> podUid) {}
