package io.ipaccess.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and checks request bodies. Every shape error names the field at fault and what is
 * expected, so that a client never sees a parser's internals or a 500 for its own mistake.
 */
final class RequestBodies {

  /** The largest body accepted: 1 MiB, far more than 1000 entries need. */
  static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final long DRAIN_LIMIT_BYTES = 8L * 1024 * 1024;

  private final ObjectMapper mapper;

  RequestBodies(ObjectMapper mapper) {
    // Strict reading: a repeated key or text after the JSON value could hide what the client
    // meant, so both are refused rather than silently resolved.
    this.mapper = mapper.copy()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** The {@code ip} strings of {@code {"ips": [{"ip": "..."}, ...]}}, in order. */
  List<String> ips(Context ctx) {
    JsonNode ips = requiredArray(read(ctx), "ips", "{\"ips\": [{\"ip\": \"192.0.2.1\"}]}");
    List<String> values = new ArrayList<>(ips.size());
    List<ApiError> errors = new ArrayList<>();
    for (int i = 0; i < ips.size(); i++) {
      JsonNode item = ips.get(i);
      String field = "ips[" + i + "]";
      if (!item.isObject()) {
        errors.add(new ApiError(field, field + " must be an object such as {\"ip\": \"192.0.2.1\"}"
            + ", not " + describe(item)));
      } else if (!item.path("ip").isTextual()) {
        errors.add(new ApiError(field + ".ip", field + ".ip must be a string such as"
            + " \"192.0.2.1\", not " + describe(item.get("ip"))));
      } else {
        values.add(item.get("ip").textValue());
      }
    }
    if (!errors.isEmpty()) {
      throw new ApiException(400, errors);
    }
    return values;
  }

  /** The ids of {@code {"ids": [1, 2]}}, in order. */
  List<Long> ids(Context ctx) {
    JsonNode ids = requiredArray(read(ctx), "ids", "{\"ids\": [1, 2]}");
    List<Long> values = new ArrayList<>(ids.size());
    List<ApiError> errors = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      JsonNode item = ids.get(i);
      String field = "ids[" + i + "]";
      if (item.isIntegralNumber() && item.canConvertToLong() && item.longValue() > 0) {
        values.add(item.longValue());
      } else if (item.isIntegralNumber() && item.canConvertToLong()) {
        errors.add(new ApiError(field, field + " must be a positive integer id, as GET"
            + " /v3/access_settings/whitelist lists them, not " + describe(item)));
      } else if (item.isIntegralNumber()) {
        errors.add(new ApiError(field, field + " is too large to be an entry id: ids are at"
            + " most " + Long.MAX_VALUE));
      } else {
        errors.add(new ApiError(field, field + " must be a positive integer id, as GET"
            + " /v3/access_settings/whitelist lists them, not " + describe(item)));
      }
    }
    if (!errors.isEmpty()) {
      throw new ApiException(400, errors);
    }
    return values;
  }

  private JsonNode read(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      drain(ctx);
      throw tooLarge();
    }
    byte[] body = readLimited(ctx);
    if (body.length == 0) {
      throw ApiException.badRequest(null, "the request needs a JSON body");
    }
    try {
      return mapper.readTree(body);
    } catch (StreamConstraintsException e) {
      throw ApiException.badRequest(null, "the request body is not valid JSON for this API: it"
          + " is nested too deeply or holds a number or string that is too long");
    } catch (JsonProcessingException e) {
      if (e.getOriginalMessage().startsWith("Trailing token")) {
        throw ApiException.badRequest(null, "the request body has more text after its JSON"
            + " value: send exactly one JSON object");
      }
      String reason = withoutParserInternals(e.getOriginalMessage());
      JsonLocation at = e.getLocation();
      throw ApiException.badRequest(null, "the request body is not valid JSON: " + reason
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parser's message without the parts that name its sources and settings. */
  private static String withoutParserInternals(String message) {
    String reason = message;
    for (String internals : List.of("\n", " (start marker", " at [Source")) {
      int at = reason.indexOf(internals);
      if (at > 0) {
        reason = reason.substring(0, at);
      }
    }
    return reason.strip();
  }

  private static byte[] readLimited(Context ctx) {
    try (InputStream in = ctx.bodyInputStream()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        drain(ctx);
        throw tooLarge();
      }
      return body;
    } catch (IOException e) {
      throw ApiException.badRequest(null, "the request body could not be read");
    }
  }

  /**
   * Reads and drops what is left of a refused body, up to a bound. Closing with unread data would
   * make the kernel reset the connection, and a client still sending could lose the 413 answer;
   * a body past the bound is not worth reading, and its connection is closed instead.
   */
  private static void drain(Context ctx) {
    try {
      InputStream in = ctx.bodyInputStream();
      long left = DRAIN_LIMIT_BYTES;
      while (left > 0) {
        long skipped = in.skip(left);
        if (skipped <= 0 && in.read() < 0) {
          return;
        }
        left -= Math.max(skipped, 1);
      }
    } catch (IOException e) {
      // The client went away: there is no one left to answer.
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(413, null,
        "the request body is larger than " + MAX_BODY_BYTES + " bytes (1 MiB)");
  }

  private static JsonNode requiredArray(JsonNode root, String name, String example) {
    if (!root.isObject()) {
      throw ApiException.badRequest(null,
          "the request body must be a JSON object such as " + example + ", not "
              + describe(root));
    }
    JsonNode array = root.get(name);
    if (array == null || !array.isArray()) {
      throw ApiException.badRequest(name,
          name + " must be an array, as in " + example + ", not " + describe(array));
    }
    if (array.isEmpty()) {
      throw ApiException.badRequest(name, name + " must hold at least one item, as in " + example);
    }
    return array;
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    String type = switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
    if (node.isValueNode() && !node.isNull()) {
      String text = node.toString();
      return type + " (" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + ")";
    }
    return type;
  }
}
