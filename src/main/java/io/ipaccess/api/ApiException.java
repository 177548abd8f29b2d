package io.ipaccess.api;

import java.util.List;

/** A request the API refuses, with the status and errors the client gets. */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient List<ApiError> errors;

  public ApiException(int status, List<ApiError> errors) {
    super(errors.get(0).message());
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  public ApiException(int status, String field, String message) {
    this(status, List.of(new ApiError(field, message)));
  }

  public static ApiException badRequest(String field, String message) {
    return new ApiException(400, field, message);
  }

  public int status() {
    return status;
  }

  public List<ApiError> errors() {
    return errors;
  }
}
