package io.ipaccess.api;

import java.util.List;

/** The body of every error response: {@code {"errors": [...]}}, as SendGrid sends it. */
public record ErrorBody(List<ApiError> errors) {

  public static ErrorBody of(String field, String message) {
    return new ErrorBody(List.of(new ApiError(field, message)));
  }
}
