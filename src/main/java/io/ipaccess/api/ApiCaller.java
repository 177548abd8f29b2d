package io.ipaccess.api;

import io.ipaccess.account.Account;
import io.ipaccess.net.IpAddress;

/** Who made an API request: the account its key names, and the address it is judged by. */
record ApiCaller(Account account, IpAddress address, String keyPrefix) {}
