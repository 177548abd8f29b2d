package io.ipaccess.allowlist;

import java.util.Collection;
import java.util.stream.Collectors;

/** A request named entry ids that the account's list does not hold; nothing was removed. */
public final class UnknownEntryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UnknownEntryException(Collection<Long> unknownIds) {
    super((unknownIds.size() == 1 ? "no entry with id " : "no entries with ids ")
        + unknownIds.stream().map(String::valueOf).collect(Collectors.joining(", "))
        + " on this account's allow list; list the entries with GET"
        + " /v3/access_settings/whitelist");
  }
}
