/**
 * Lease-aware presence lookups: a device reads online only while its owner's lease is fresh. The
 * decisions ({@code LeaseAwareReads}, {@code LeaseSnapshot}) are pure; the reads go through
 * presence-core's stores, never raw Redis commands.
 */
package dev.switchboard.api.read;
