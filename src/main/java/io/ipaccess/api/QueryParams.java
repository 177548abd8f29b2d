package io.ipaccess.api;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads query parameters strictly: a query that is not valid URL encoding, or a parameter given
 * twice, is refused rather than read one way or another (which of two {@code force} values
 * wins is not something a user should have to guess).
 */
final class QueryParams {

  private QueryParams() {}

  /** Refuses a query string that does not decode, e.g. {@code ?limit=%zz}. */
  static void checkEncoding(Context ctx) {
    String query = ctx.queryString();
    if (query == null) {
      return;
    }
    try {
      URLDecoder.decode(query, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(null, "the query string is not valid URL encoding: a '%'"
          + " must be followed by two hex digits, e.g. %25 for '%' itself");
    }
  }

  /** The one value of a parameter, or {@code null} when it is absent. */
  static String single(Context ctx, String name) {
    List<String> values = ctx.queryParams(name);
    if (values.size() > 1) {
      throw ApiException.badRequest(name, name + " is given " + values.size()
          + " times: give it once");
    }
    return values.isEmpty() ? null : values.get(0);
  }
}
