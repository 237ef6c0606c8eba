/**
 * The fault suite: each IT starts a real Redis topology and the packaged services, connects a fleet
 * of simulated devices, injects one fault, and checks ground truth against the API's batch lookup
 * and the event stream within {@link dev.switchboard.faults.harness.FastTimings#EXACT_BOUND}.
 */
package dev.switchboard.faults;
