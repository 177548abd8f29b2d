package io.ipaccess.activity;

/**
 * The attempts of one address through one door of one account, aggregated.
 *
 * @param ip the client address in canonical form
 * @param method the door
 * @param firstAtMs the earliest attempt, epoch milliseconds
 * @param lastAtMs the latest attempt, epoch milliseconds
 * @param allowed whether the latest attempt was let in
 * @param attempts how many attempts there were
 * @param location where the address is, e.g. {@code Australia} or {@code Loopback}; empty when
 *     unknown
 */
public record AccessAttempt(String ip, AuthMethod method, long firstAtMs, long lastAtMs,
    boolean allowed, long attempts, String location) {}
