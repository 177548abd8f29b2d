package io.ipaccess.bench;

/** Which address families a generated list and its queries hold. */
public enum Family {
  IPV4,
  IPV6,
  /** Half IPv4, half IPv6 entries, and queries of both families. */
  MIXED
}
