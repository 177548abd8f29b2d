package io.ipaccess.api;

import io.ipaccess.account.Account;
import io.ipaccess.allowlist.Actor;
import io.ipaccess.net.IpAddress;

/**
 * Who made an API request: the account its key (or console session) names, the address it is
 * judged by, and who it is in the history (the key's prefix or the console user).
 */
record ApiCaller(Account account, IpAddress address, Actor actor) {}
