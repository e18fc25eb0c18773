// The load generator: ready-made HTTP/1.1 requests written on raw keep-alive sockets, each response read
// by its Content-Length, one request in flight per connection. It runs on a worker thread pinned (with the
// bench process) to the other core than the server under test. A node:http client tops out below what a
// bare node:http server answers on this machine, so it would measure itself and press every ratio to 1.
import { Worker } from 'node:worker_threads';

const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const { host, port, requests, total, connections } = workerData;
let next = 0, non2xx = 0, firstError = '';
const latencies = new Float64Array(total);
const connection = () => new Promise((resolve, reject) => {
  const socket = net.connect({ host, port, noDelay: true });
  let buffered = Buffer.alloc(0), t0 = 0, index = 0;
  const send = () => {
    if (next >= total) { socket.removeAllListeners('close'); socket.end(); return resolve(); }
    index = next++;
    t0 = performance.now();
    socket.write(requests[index % requests.length]);
  };
  socket.on('connect', send);
  socket.on('error', reject);
  socket.on('close', () => reject(new Error('the server closed a connection mid-batch')));
  socket.on('data', (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    for (;;) {
      const end = buffered.indexOf('\\r\\n\\r\\n');
      if (end < 0) return;
      const headers = buffered.toString('latin1', 0, end);
      const length = /\\r\\ncontent-length: *(\\d+)/i.exec(headers);
      if (!length) return reject(new Error('a response without Content-Length: ' + headers.split('\\r\\n')[0]));
      const size = end + 4 + Number(length[1]);
      if (buffered.length < size) return;
      const status = Number(headers.slice(9, 12));
      if (status < 200 || status > 299) { non2xx++; if (!firstError) firstError = buffered.toString('utf8', 0, Math.min(size, 600)); }
      buffered = buffered.subarray(size);
      latencies[index] = performance.now() - t0;
      send();
    }
  });
});
const started = performance.now();
Promise.all(Array.from({ length: Math.min(connections, total) }, connection)).then(() => {
  const seconds = (performance.now() - started) / 1000;
  latencies.sort();
  parentPort.postMessage({ requests: total, seconds, non2xx, firstError, p50: latencies[Math.floor(total * 0.5)], p99: latencies[Math.floor(total * 0.99)] });
}, (err) => parentPort.postMessage({ error: String(err && err.message || err) }));
`;

/** One raw request: GET with headers, or POST with a form body. */
export function rawRequest(host, method, path, headers = {}, body) {
  let head = `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  if (body === undefined) return head + '\r\n';
  return head + `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** Sends exactly `total` requests (cycling through `requests`) and resolves with timing and failures. */
export function blast(url, requests, total = requests.length, connections = 32) {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { host: target.hostname, port: Number(target.port), requests, total, connections } });
    worker.once('message', (result) => {
      worker.terminate();
      if (result.error) reject(new Error(result.error));
      else resolve(result);
    });
    worker.once('error', reject);
  });
}
