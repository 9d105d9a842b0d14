// gql.js: the pages' GraphQL client. POST /graphql with the session cookie
// (same origin) and, when the page holds one, the login token as a Bearer
// header; subscriptions over GraphQL-over-SSE read from a fetch stream.
//
// Errors reach the pages as ApiError with a sentence for people (human())
// and the API's extensions.code. A request that cannot reach the server
// marks the connection lost: listeners show a banner, /health is polled with
// a growing pause, and once it answers the listeners are told to refresh.
// Queries wait for the connection and run again; mutations fail at once (the
// page keeps what the person typed). This file holds no page logic.

const TOKEN_KEY = 'interview.token';

/* Sentences for the API's error codes; others fall back to the server's message. */
const HUMAN = {
  ANOTHER_INTERVIEW_ONGOING: 'You already have an interview in progress. Finish it before starting another.',
  NO_INTERVIEW_ONGOING: 'You have no interview in progress.',
  INTERVIEW_EXPIRED: 'The time for this interview is up, so nothing more can be sent.',
  NOT_YOUR_TASK: 'This task belongs to another interview.',
  UNKNOWN_LANGUAGE: 'That language is not available here. Pick one from the list.',
  INVALID_CODE: 'The code is empty or too large to send.',
  TOO_MANY_PENDING: 'Several of your submissions are still waiting for the judge. Wait for a verdict and try again.',
  FORBIDDEN: 'You are not allowed to do that.',
  UNAUTHENTICATED: 'Your session has ended. Please log in again.',
  NO_PROBLEMS: 'This company has no problems yet. Pick another company.',
  NOT_FOUND: 'That no longer exists.',
  BAD_USER_INPUT: 'Some of what you entered is not valid.',
  RUN_PENDING: 'Your previous run has not finished yet. Wait for its output, then run again.',
  // One code for both limits: the server's message says which one.
  RATE_LIMITED: (m) => (/login/i.test(m || '')
    ? 'Too many login attempts. Wait a minute, then try again.'
    : 'You are running code too often. Wait a few seconds and try again.'),
  IN_USE: 'That is still in use, so it cannot be removed.',
  PAYLOAD_TOO_LARGE: 'That is too large to send.',
  SERVICE_UNAVAILABLE: 'The server is busy right now. Try again in a moment.',
  TIMEOUT: 'The server took too long to answer. Try again.',
  TOO_MANY_SUBSCRIPTIONS: 'Too many live updates are open. Close other tabs of this page.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on the server. Try again in a moment.',
  NETWORK: 'The server cannot be reached. Check your connection; the page retries by itself.',
  GRAPHQL_VALIDATION_FAILED: 'This page asked the server something it does not understand. Reload the page.',
  GRAPHQL_PARSE_FAILED: 'This page asked the server something it does not understand. Reload the page.',
  BAD_REQUEST: 'The server could not understand the request. Reload the page.',
};

/* A server message as a sentence: capital first letter, final full stop. */
function sentence(text) {
  const t = String(text || '').trim();
  if (!t) return 'Something went wrong.';
  const s = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/* An error answered by the API: message is for people, code is extensions.code. */
// BAD_USER_INPUT keeps the server's message (it names what is wrong).
export class ApiError extends Error {
  constructor(code, serverMessage) {
    const known = HUMAN[code];
    const human = code === 'BAD_USER_INPUT' && serverMessage ? sentence(serverMessage)
      : typeof known === 'function' ? known(serverMessage) : known || sentence(serverMessage);
    super(human);
    this.code = code || 'ERROR';
    this.serverMessage = serverMessage || '';
  }
}

/* The sentence for an error code (or a server message). */
export function human(code, serverMessage) {
  return new ApiError(code, serverMessage).message;
}

const conn = {
  online: true,
  listeners: new Set(),
  waiters: [],
  timer: null,
  delay: 500,
};

/* Registers fn(online) for connection changes; returns a function that unregisters it. */
export function onConnection(fn) {
  conn.listeners.add(fn);
  return () => conn.listeners.delete(fn);
}

/* Whether the last request reached the server. */
export function isOnline() {
  return conn.online;
}

/* Resolves once the server answers again. */
function whenOnline() {
  return conn.online ? Promise.resolve() : new Promise((resolve) => conn.waiters.push(resolve));
}

/* Marks the connection lost and starts probing /health. */
function lost() {
  if (!conn.online) return;
  conn.online = false;
  conn.delay = 500;
  for (const fn of conn.listeners) fn(false);
  probe();
}

/* One probe of /health; again later with a longer pause until it answers. */
function probe() {
  clearTimeout(conn.timer);
  conn.timer = setTimeout(async () => {
    let up = false;
    try {
      const res = await fetch('/health', { cache: 'no-store' });
      up = res.ok;
    } catch (e) {
      up = false;
    }
    if (up) {
      found();
    } else {
      conn.delay = Math.min(conn.delay * 2, 8000);
      probe();
    }
  }, conn.delay);
}

/* Marks the connection back and wakes every waiter. */
function found() {
  if (conn.online) return;
  conn.online = true;
  clearTimeout(conn.timer);
  const waiters = conn.waiters.splice(0);
  for (const w of waiters) w();
  for (const fn of conn.listeners) fn(true);
}

/* The token the page logged in with, if any. */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/* Keeps (or with null forgets) the login token for this tab. */
export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/* POSTs an operation to /graphql asking for the accept type (the session cookie and token go along). */
function send(accept, query, variables, signal) {
  const headers = { 'Content-Type': 'application/json', Accept: accept };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  return fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers,
    body: JSON.stringify({ query, variables: variables || {} }),
    signal,
  });
}

/* One POST; resolves to the body's data or rejects with an ApiError (code NETWORK when unreachable). */
async function post(query, variables) {
  let res;
  try {
    res = await send('application/graphql-response+json, application/json', query, variables);
  } catch (e) {
    lost();
    throw new ApiError('NETWORK');
  }
  if (res.status === 502 || res.status === 504) {
    lost();
    throw new ApiError('NETWORK');
  }
  found();
  let body;
  try {
    body = await res.json();
  } catch (e) {
    throw new ApiError(res.status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
  }
  if (body.errors && body.errors.length > 0) {
    const err = body.errors[0];
    throw new ApiError(err.extensions && err.extensions.code, err.message);
  }
  if (!body.data) throw new ApiError('INTERNAL_SERVER_ERROR');
  return body.data;
}

/*
 * Runs one operation. A query that cannot reach the server waits until the
 * connection is back and runs again; a mutation rejects at once.
 */
export async function gql(query, variables) {
  const isQuery = !/^\s*mutation\b/.test(query);
  for (;;) {
    try {
      return await post(query, variables);
    } catch (err) {
      if (!(isQuery && err.code === 'NETWORK')) throw err;
      await whenOnline();
    }
  }
}

/*
 * Subscribes over Server-Sent Events: onData(data) for each "next" event.
 * Resolves when the stream completes (true) or breaks (false); the caller
 * decides whether to poll or subscribe again. signal (an AbortSignal) ends it.
 */
export async function subscribe(query, variables, onData, signal) {
  let res;
  try {
    res = await send('text/event-stream', query, variables, signal);
  } catch (e) {
    if (!(signal && signal.aborted)) lost();
    return false;
  }
  const type = res.headers.get('Content-Type') || '';
  if (!res.ok || !res.body || !type.startsWith('text/event-stream')) return false;
  found();
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return false;
      buf += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        let event = '';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (event === 'next') {
          const body = JSON.parse(data.join('\n'));
          if (body.data) onData(body.data);
        } else if (event === 'complete') {
          reader.cancel().catch(() => {});
          return true;
        }
      }
    }
  } catch (e) {
    if (!(signal && signal.aborted)) lost();
    return false;
  }
}
