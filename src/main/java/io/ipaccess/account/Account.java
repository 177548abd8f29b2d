package io.ipaccess.account;

/** An account: the owner of one allow list, its API keys and its console users. */
public record Account(long id, String name) {}
