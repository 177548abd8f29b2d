package io.ipaccess.allowlist;

/**
 * Who made a change of an allow list, as the history shows it.
 *
 * @param kind a console user, an API key, or an operator on the machine (the CLI)
 * @param name the user name, the key's shown prefix, or the operator's login name
 */
public record Actor(Kind kind, String name) {

  /** The kinds of actor. */
  public enum Kind {
    USER,
    API_KEY,
    OPERATOR
  }
}
