/**
 * Settings every service shares ({@code switchboard.*}: key prefix, lease, Redis timeout), their
 * validation naming each bad key, and the CDI producers that wire the stores from them. A service's
 * own settings live in that service under its own prefix.
 */
package dev.switchboard.core.config;
