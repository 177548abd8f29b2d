package io.ipaccess.activity;

/** The door an access attempt came through, spelled as SendGrid's activity spells it. */
public enum AuthMethod {
  WEB("Web"),
  API("API"),
  SMTP("SMTP");

  private final String label;

  AuthMethod(String label) {
    this.label = label;
  }

  /** The wire form: {@code Web}, {@code API} or {@code SMTP}. */
  public String label() {
    return label;
  }

  /** The method with a wire form, or an exception naming the allowed ones. */
  public static AuthMethod ofLabel(String label) {
    for (AuthMethod method : values()) {
      if (method.label.equals(label)) {
        return method;
      }
    }
    throw new IllegalArgumentException(
        "'" + label + "' is not an access method: expected Web, API or SMTP");
  }
}
