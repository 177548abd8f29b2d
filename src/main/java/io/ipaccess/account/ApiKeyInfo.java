package io.ipaccess.account;

/**
 * What an operator may see of an API key: never the key, only what tells keys apart.
 *
 * @param id the key's id, for revoking it
 * @param name the label given when it was created
 * @param prefix the key's first characters, e.g. {@code ipa_Qm9vX2}
 * @param createdAtMs when it was created, epoch milliseconds
 */
public record ApiKeyInfo(long id, String name, String prefix, long createdAtMs) {}
