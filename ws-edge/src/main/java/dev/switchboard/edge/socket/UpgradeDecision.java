package dev.switchboard.edge.socket;

/** What the upgrade guard decided about one upgrade request: refused, or let through. */
public sealed interface UpgradeDecision permits Refusal, Admission {}
