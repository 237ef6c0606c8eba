/**
 * Durable delivery on the client side: the message sequence number ({@link
 * dev.switchboard.client.delivery.Seq}, a Redis stream id compared as two unsigned 64-bit parts)
 * and the rule that hands each durable message to the app once, in order ({@link
 * dev.switchboard.client.delivery.DurableDedup}). Pure.
 */
package dev.switchboard.client.delivery;
