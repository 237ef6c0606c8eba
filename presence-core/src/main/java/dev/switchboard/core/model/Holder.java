package dev.switchboard.core.model;

/** The connection and instance that hold a device's entry. */
public record Holder(String conn, String inst) {}
