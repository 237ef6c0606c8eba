/**
 * Who an upgrade request is: where its credentials are found (header, query parameter, subprotocol)
 * and the HS256 JWT check. Pure apart from the clock passed in; refusing the upgrade is {@code
 * edge.socket}'s job.
 */
package dev.switchboard.edge.auth;
