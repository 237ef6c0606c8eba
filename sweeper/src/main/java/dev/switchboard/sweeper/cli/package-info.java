/**
 * The command line and the entry point (run once for a CronJob, or loop for a Deployment). It
 * parses and dispatches only: no sweep logic here.
 */
package dev.switchboard.sweeper.cli;
