package io.ipaccess.allowlist;

import io.ipaccess.net.IpAddress;

/**
 * A change would leave the list on but not covering the caller's own address, which would shut
 * the caller out; nothing of it was applied.
 */
public final class LockoutException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient IpAddress callerAddress;

  LockoutException(IpAddress callerAddress) {
    super("this change would block your own address " + callerAddress
        + ": the allow list would no longer cover it. Add " + callerAddress
        + " (or a range that covers it) in the same request, or repeat the request with"
        + " ?force=true to accept losing access from this address");
    this.callerAddress = callerAddress;
  }

  public IpAddress callerAddress() {
    return callerAddress;
  }
}
