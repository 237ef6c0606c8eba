/**
 * Who an upgrade request is: where its credentials are found (header, query parameter,
 * subprotocol), where the keys come from (HS256 secrets, a PEM public key, a JWKS URL fetched in
 * the background) and the checks on a token (algorithm, signature through Vert.x auth-jwt, claims).
 * Pure apart from the clock passed in and the JWKS fetch; refusing the upgrade is {@code
 * edge.socket}'s job.
 */
package dev.switchboard.edge.auth;
