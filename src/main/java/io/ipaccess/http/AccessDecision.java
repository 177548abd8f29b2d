package io.ipaccess.http;

import io.ipaccess.account.Account;
import io.ipaccess.net.IpAddress;

/**
 * What a door answers a request: pass (204 at the decision endpoint) or refuse with 401 or 403.
 *
 * @param status 204 when allowed, 401 for a missing or bad key, 403 for an address that may not
 *     pass or cannot be read
 * @param account the account the key names, or {@code null} for a 401
 * @param client the address the request was judged by, or {@code null} when it was not reached
 *     (401) or could not be read
 * @param message why the request is refused, or {@code null} when it is allowed
 */
public record AccessDecision(int status, Account account, IpAddress client, String message) {

  /** Whether the request may pass. */
  public boolean allowed() {
    return status == 204;
  }
}
