package io.ipaccess.allowlist;

import io.ipaccess.net.IpRange;

/** One entry of an account's allow list, as stored: its id, its canonical range and its times. */
public record AllowListEntry(long id, IpRange range, long createdAtMs, long updatedAtMs) {}
