// timed.mjs: one HTTP request with its duration, and the GraphQL and /metrics helpers of the proxy-hol scripts.
import http from 'node:http';

/* Sends body (or nothing) with node's http.request options; resolves {status, body, ms}. */
export function timedRequest(options, body) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const req = http.request(options, (res) => {
      let data = '';
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode, body: data,
        ms: Number(process.hrtime.bigint() - start) / 1e6 }));
    });
    req.on('error', (e) => resolve({ status: 0, body: String(e), ms: -1 }));
    req.end(body);
  });
}

/* POSTs a GraphQL query with a bearer token; agent false: a connection of its own. */
export function postQuery(port, token, query, agent = false) {
  const body = JSON.stringify({ query });
  return timedRequest({
    host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json',
               'Content-Length': Buffer.byteLength(body) },
  }, body);
}

/* Reads /metrics: {key: value} for names {key: series as printed}; NaN when absent. */
export async function readMetrics(port, names) {
  const r = await timedRequest({ host: '127.0.0.1', port, path: '/metrics', method: 'GET',
                                 agent: false, headers: { Connection: 'close' } });
  const lines = new Map(r.body.split('\n').map((l) => {
    const i = l.lastIndexOf(' ');
    return [l.slice(0, i), Number(l.slice(i + 1))];
  }));
  return Object.fromEntries(Object.entries(names).map(([k, s]) => [k, lines.get(s) ?? NaN]));
}

/* b - a for every key. */
export const delta = (a, b) => Object.fromEntries(Object.keys(a).map((k) => [k, b[k] - a[k]]));
