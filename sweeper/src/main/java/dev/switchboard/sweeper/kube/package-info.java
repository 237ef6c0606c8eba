/**
 * Reads the edge pods and their nodes from the Kubernetes API, reduced to what the verdict needs.
 * Reads only; every failure propagates so the run aborts before deleting anything.
 */
package dev.switchboard.sweeper.kube;
