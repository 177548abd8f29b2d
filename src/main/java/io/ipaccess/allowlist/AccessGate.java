package io.ipaccess.allowlist;

import io.ipaccess.activity.AttemptRecorder;
import io.ipaccess.activity.AuthMethod;
import io.ipaccess.net.IpAddress;
import java.time.Clock;

/**
 * Decides whether an address may use an account through one of its doors (console, API, SMTP),
 * and records the attempt either way. Every door asks here, so they cannot disagree.
 */
public final class AccessGate {

  private final AllowLists lists;
  private final AttemptRecorder recorder;
  private final Clock clock;

  public AccessGate(AllowLists lists, AttemptRecorder recorder, Clock clock) {
    this.lists = lists;
    this.recorder = recorder;
    this.clock = clock;
  }

  /**
   * Whether the address may pass: the account's list is empty or covers it. An account whose list
   * this node has never loaded is refused: without its list nothing can be known to be allowed.
   */
  public boolean admit(long accountId, IpAddress client, AuthMethod method) {
    AllowList list = lists.forAccount(accountId);
    boolean allowed = list != null && list.admits(client);
    recorder.record(accountId, client, method, allowed, clock.millis());
    return allowed;
  }
}
