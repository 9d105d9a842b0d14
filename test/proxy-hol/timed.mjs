// timed.mjs: one HTTP request with its duration, for hol.mjs and loop.mjs.
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
