package dev.switchboard.core.model;

/** A durable message's id, its seq in the device's outbox, and its delivery state. */
public record MessageStatus(String id, StreamId seq, DeliveryState state) {}
