package io.ipaccess.allowlist;

import io.ipaccess.net.IpAddress;

/**
 * The circumstances of a change: who asks, from which address, and whether they accept losing
 * their own access.
 *
 * @param actor who asks, for the history
 * @param callerAddress the address the caller is judged by, or {@code null} for an operator on
 *     the machine, who is not behind the allow list
 * @param force whether the caller accepts a result that no longer covers their own address
 */
public record ChangeRequest(Actor actor, IpAddress callerAddress, boolean force) {

  /** A change by an operator on the machine: no lockout guard applies. */
  public static ChangeRequest byOperator(String operatorName) {
    return new ChangeRequest(new Actor(Actor.Kind.OPERATOR, operatorName), null, true);
  }
}
