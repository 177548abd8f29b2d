// The console's only way to the server: the public API (and the console's login, logout and
// session calls), with the session cookie and the session's CSRF token on every change.

let csrfToken = null;

export function useCsrfToken(token) {
  csrfToken = token;
}

/** Sends a request; resolves to {status, data} whatever the status. */
export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = null;
    }
  }
  return { status: response.status, data };
}

/** The first error message of a refusal, or a plain description of the status. */
export function firstError(reply) {
  const errors = reply.data && reply.data.errors;
  if (Array.isArray(errors) && errors.length > 0 && errors[0].message) {
    return errors[0].message;
  }
  return `The server answered with status ${reply.status}.`;
}

/** Every error message of a refusal. */
export function allErrors(reply) {
  const errors = reply.data && reply.data.errors;
  return Array.isArray(errors) ? errors.map((error) => error.message) : [firstError(reply)];
}

/** {"ips": [{"ip": ...}]} from a list of strings. */
export function ipsBody(ips) {
  return { ips: ips.map((ip) => ({ ip })) };
}

export const SETTINGS = '/v3/access_settings';
