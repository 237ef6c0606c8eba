/**
 * API-key authentication of every {@code /v1} route. Only the key check lives here; the keys are
 * validated at start-up by {@code ApiConfigProblems}.
 */
package dev.switchboard.api.auth;
