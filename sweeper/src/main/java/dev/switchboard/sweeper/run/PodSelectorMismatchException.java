package dev.switchboard.sweeper.run;

/**
 * Kubernetes listed none of the pods that live instances run on: the pod selector or the namespace
 * is wrong. Every expired instance would read as dead, so the run aborts before deleting anything.
 */
final class PodSelectorMismatchException extends RuntimeException {

  PodSelectorMismatchException(String detail) {
    super(detail);
  }
}
