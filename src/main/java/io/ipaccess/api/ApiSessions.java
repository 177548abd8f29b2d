package io.ipaccess.api;

import io.ipaccess.account.Account;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The second way into the API, beside an API key: a signed-in web console session. The console
 * implements it, so that its page changes the allow list through the very endpoints that scripts
 * use and the two can never disagree.
 *
 * <p>The guard asks only when a request carries no {@code Authorization} header; it then checks
 * the CSRF token of every change and the account's allow list, recording the attempt as
 * {@code Web}.
 */
public interface ApiSessions {

  /** No sessions: only API keys are accepted. */
  ApiSessions NONE = ctx -> Optional.empty();

  /** The signed-in user whose session the request's cookie names, if the session is valid. */
  Optional<SessionPrincipal> signedIn(Context ctx);

  /**
   * A signed-in console user.
   *
   * @param account the account the user belongs to
   * @param username the user's name, as the history shows it
   * @param csrfToken the token every change in this session must carry
   */
  record SessionPrincipal(Account account, String username, String csrfToken) {}
}
