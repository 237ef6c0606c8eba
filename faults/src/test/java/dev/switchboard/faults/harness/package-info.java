/**
 * The fault suite's harness: Redis topologies, the services as processes, the device fleet and its
 * ground truth, the exactness check, the event-stream fold and the per-fault report. No scenario
 * logic lives here.
 */
package dev.switchboard.faults.harness;
