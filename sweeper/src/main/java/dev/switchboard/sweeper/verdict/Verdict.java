package dev.switchboard.sweeper.verdict;

/** The judgement on one expired instance, with the reason in words for the report and the log. */
public record Verdict(String inst, Kind kind, String reason) {

  /** What to do with the instance. */
  public enum Kind {
    /** Its pod is gone, terminal, replaced, or its node is lost: sweep. */
    DEAD,
    /** Its container restarted into a new instance in the same pod: sweep the old instance. */
    RESTARTED,
    /** Its pod runs but it stopped heartbeating only recently: keep, count, log. */
    SUSPECT,
    /**
     * Its pod runs but it has been silent past the suspect timeout: sweep (it reclaims if alive).
     */
    UNRESPONSIVE;

    public boolean sweeps() {
      return this != SUSPECT;
    }
  }
}
