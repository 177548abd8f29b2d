package io.ipaccess.console;

import io.ipaccess.account.Account;

/**
 * A person who may sign in to one account's web console.
 *
 * @param id the user's id in the store
 * @param account the account the user manages
 * @param username the name they sign in with, as the history shows it
 */
public record ConsoleUser(long id, Account account, String username) {}
