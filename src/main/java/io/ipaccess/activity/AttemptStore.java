package io.ipaccess.activity;

import java.util.List;
import java.util.Map;

/** Where access attempts are kept. Implemented by the store package. */
public interface AttemptStore {

  /**
   * Adds batches of attempts to what is stored: counts add up, the first time is the earliest,
   * the last time the latest, and {@code allowed} follows the latest attempt.
   */
  void upsert(Map<Long, List<AccessAttempt>> attemptsByAccount);

  /** An account's attempts, the most recent first. */
  List<AccessAttempt> recent(long accountId, int limit);
}
