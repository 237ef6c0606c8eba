/**
 * Named, scoped API keys on every {@code /v1} route: reading the configured entries ({@code
 * ApiKeyEntries}), the pure access decision ({@code Access}), the scope each resource needs ({@code
 * RequiresScope}) and the filter that applies it. {@code ApiConfigProblems} fails start-up on bad
 * entries.
 */
package dev.switchboard.api.auth;
