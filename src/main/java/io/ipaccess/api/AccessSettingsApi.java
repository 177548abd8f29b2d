package io.ipaccess.api;

import io.ipaccess.activity.AccessAttempt;
import io.ipaccess.activity.AttemptRecorder;
import io.ipaccess.activity.AttemptStore;
import io.ipaccess.allowlist.AllowList;
import io.ipaccess.allowlist.AllowListEntry;
import io.ipaccess.allowlist.AllowListService;
import io.ipaccess.allowlist.ChangeRequest;
import io.ipaccess.allowlist.UnknownEntryException;
import io.ipaccess.allowlist.HistoryEvent;
import io.ipaccess.net.InvalidAddressException;
import io.ipaccess.net.IpAddress;
import io.ipaccess.net.IpRange;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SendGrid's v3 IP Access Management endpoints ({@code /v3/access_settings/...}), the same paths,
 * bodies and status codes, plus ipaccess's own: {@code check}, {@code current_ip}, and for the
 * web console {@code history}, {@code normalize} (how entries would be stored, without storing
 * them) and {@code disable} (empty the list, recorded as such in the history).
 */
final class AccessSettingsApi {

  private static final String BASE = "/v3/access_settings";
  private static final int DEFAULT_ACTIVITY_LIMIT = 20;
  private static final int MAX_ACTIVITY_LIMIT = 1000;
  // Plain decimal without sign or leading zeros, at most as many digits as a long has.
  private static final Pattern RULE_ID = Pattern.compile("[1-9][0-9]{0,18}");
  private static final int DEFAULT_HISTORY_LIMIT = 50;
  private static final int MAX_HISTORY_LIMIT = 1000;

  private final AllowListService lists;
  private final AttemptRecorder recorder;
  private final AttemptStore attempts;
  private final RequestBodies bodies;

  AccessSettingsApi(AllowListService lists, AttemptRecorder recorder, AttemptStore attempts,
      RequestBodies bodies) {
    this.lists = lists;
    this.recorder = recorder;
    this.attempts = attempts;
    this.bodies = bodies;
  }

  void register(RoutesConfig routes) {
    routes.get(BASE + "/activity", this::activity);
    routes.get(BASE + "/whitelist", this::listEntries);
    routes.post(BASE + "/whitelist", this::addEntries);
    routes.delete(BASE + "/whitelist", this::removeEntries);
    routes.get(BASE + "/whitelist/{rule_id}", this::getEntry);
    routes.delete(BASE + "/whitelist/{rule_id}", this::removeEntry);
    routes.get(BASE + "/check", this::check);
    routes.get(BASE + "/current_ip", this::currentIp);
    // ipaccess additions for the web console, open to scripts too.
    routes.get(BASE + "/history", this::history);
    routes.post(BASE + "/normalize", this::normalize);
    routes.post(BASE + "/disable", this::disable);
  }

  private void history(Context ctx) {
    int limit = limit(ctx.queryParam("limit"), DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT);
    List<HistoryEvent> events = lists.history(ApiGuard.caller(ctx).account().id(), limit);
    ctx.json(Map.of("result", events.stream().map(AccessSettingsApi::historyView).toList()));
  }

  private void normalize(Context ctx) {
    List<String> inputs = bodies.ips(ctx);
    if (inputs.size() > AllowListService.MAX_ENTRIES) {
      throw ApiException.badRequest("ips", "at most " + AllowListService.MAX_ENTRIES
          + " entries can be checked at once, not " + inputs.size());
    }
    List<Map<String, Object>> result = new ArrayList<>(inputs.size());
    for (String input : inputs) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("input", input);
      try {
        view.put("ip", IpRange.parseEntry(input).toString());
      } catch (InvalidAddressException e) {
        view.put("error", e.getMessage());
      }
      result.add(view);
    }
    ctx.json(Map.of("result", result));
  }

  private void disable(Context ctx) {
    ApiCaller caller = ApiGuard.caller(ctx);
    lists.disable(caller.account().id(), changeRequest(ctx, caller));
    ctx.status(204);
  }

  private void activity(Context ctx) {
    int limit = activityLimit(QueryParams.single(ctx, "limit"));
    recorder.flush();
    List<AccessAttempt> recent = attempts.recent(ApiGuard.caller(ctx).account().id(), limit);
    ctx.json(Map.of("result", recent.stream().map(AccessSettingsApi::attemptView).toList()));
  }

  private void listEntries(Context ctx) {
    ctx.json(result(list(ctx).entries()));
  }

  private void addEntries(Context ctx) {
    List<String> inputs = bodies.ips(ctx);
    ApiCaller caller = ApiGuard.caller(ctx);
    List<AllowListEntry> entries =
        lists.add(caller.account().id(), inputs, changeRequest(ctx, caller));
    ctx.status(201).json(result(entries));
  }

  private void removeEntries(Context ctx) {
    List<Long> ids = bodies.ids(ctx);
    ApiCaller caller = ApiGuard.caller(ctx);
    lists.remove(caller.account().id(), ids, changeRequest(ctx, caller));
    ctx.status(204);
  }

  private void getEntry(Context ctx) {
    long id = ruleId(ctx);
    AllowListEntry entry = list(ctx).entries().stream()
        .filter(candidate -> candidate.id() == id)
        .findFirst()
        .orElseThrow(() -> new ApiException(404, "rule_id",
            "no entry with id " + id + " on this account's allow list"));
    ctx.json(result(List.of(entry)));
  }

  private void removeEntry(Context ctx) {
    long id = ruleId(ctx);
    ApiCaller caller = ApiGuard.caller(ctx);
    try {
      lists.remove(caller.account().id(), List.of(id), changeRequest(ctx, caller));
    } catch (UnknownEntryException e) {
      throw new ApiException(404, "rule_id", e.getMessage());
    }
    ctx.status(204);
  }

  private void check(Context ctx) {
    String text = QueryParams.single(ctx, "ip");
    if (text == null || text.isEmpty()) {
      throw ApiException.badRequest("ip", "give the address to check as ?ip=, e.g. ?ip=192.0.2.1");
    }
    if (text.indexOf('/') >= 0 || text.indexOf('*') >= 0) {
      throw ApiException.badRequest("ip", "'" + text + "' is a range: check takes one address,"
          + " e.g. ?ip=192.0.2.1");
    }
    IpAddress address;
    try {
      address = IpAddress.parse(text.strip());
    } catch (InvalidAddressException e) {
      throw ApiException.badRequest("ip", e.getMessage());
    }
    AllowList list = list(ctx);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ip", address.toString());
    body.put("allowed", list.admits(address));
    body.put("enabled", list.isEnabled());
    body.put("matched", list.coveringEntry(address)
        .map(entry -> Map.of("id", entry.id(), "ip", entry.range().toString()))
        .orElse(null));
    ctx.json(body);
  }

  private void currentIp(Context ctx) {
    IpAddress address = ApiGuard.caller(ctx).address();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ip", address.toString());
    body.put("covered", list(ctx).covers(address));
    ctx.json(body);
  }

  private AllowList list(Context ctx) {
    return lists.current(ApiGuard.caller(ctx).account().id());
  }

  private static ChangeRequest changeRequest(Context ctx, ApiCaller caller) {
    String force = QueryParams.single(ctx, "force");
    if (force != null && !force.equals("true") && !force.equals("false")) {
      throw ApiException.badRequest("force", "force must be true or false, not '" + force + "'");
    }
    return new ChangeRequest(caller.actor(), caller.address(), "true".equals(force));
  }

  private static long ruleId(Context ctx) {
    String text = ctx.pathParam("rule_id");
    if (RULE_ID.matcher(text).matches()) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("rule_id", "'" + text + "' is too large to be an entry id:"
            + " ids are at most " + Long.MAX_VALUE);
      }
    }
    throw ApiException.badRequest("rule_id", "'" + text + "' is not an entry id: ids are positive"
        + " integers, as GET /v3/access_settings/whitelist lists them");
  }

  private static int activityLimit(String text) {
    return limit(text, DEFAULT_ACTIVITY_LIMIT, MAX_ACTIVITY_LIMIT);
  }

  private static int limit(String text, int defaultLimit, int maxLimit) {
    if (text == null) {
      return defaultLimit;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= maxLimit) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // Falls through to the error below, which names the input.
    }
    throw ApiException.badRequest("limit", "limit must be a whole number from 1 to "
        + maxLimit + ", not '" + text + "'");
  }

  private static Map<String, Object> historyView(HistoryEvent event) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("at", event.atMs() / 1000);
    view.put("action", event.action().name().toLowerCase(Locale.ROOT));
    view.put("detail", event.detail());
    view.put("actor_kind", event.actor().kind().name().toLowerCase(Locale.ROOT));
    view.put("actor", event.actor().name());
    view.put("ip", event.actorAddress());
    return view;
  }

  private static Map<String, Object> result(List<AllowListEntry> entries) {
    return Map.of("result", entries.stream().map(AccessSettingsApi::entryView).toList());
  }

  private static Map<String, Object> entryView(AllowListEntry entry) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", entry.id());
    view.put("ip", entry.range().toString());
    view.put("created_at", entry.createdAtMs() / 1000);
    view.put("updated_at", entry.updatedAtMs() / 1000);
    return view;
  }

  private static Map<String, Object> attemptView(AccessAttempt attempt) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("allowed", attempt.allowed());
    view.put("auth_method", attempt.method().label());
    view.put("first_at", attempt.firstAtMs() / 1000);
    view.put("ip", attempt.ip());
    view.put("last_at", attempt.lastAtMs() / 1000);
    view.put("location", attempt.location());
    return view;
  }
}
