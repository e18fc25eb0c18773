/** One request the fake saw, with its body already read. */
export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** What the fake answers: a status, optional JSON body and headers. */
export interface FakeAnswer {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/**
 * A `fetch` stand-in that records every request and answers from a list (one per call) or a function.
 */
export function fakeFetch(answers: FakeAnswer[] | ((req: RecordedRequest) => FakeAnswer)) {
  const requests: RecordedRequest[] = [];
  const queue = Array.isArray(answers) ? [...answers] : undefined;
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const recorded: RecordedRequest = {
      method: init.method ?? 'GET',
      url: new URL(String(input)),
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : '',
    };
    requests.push(recorded);
    const answer = queue ? queue.shift() : (answers as (req: RecordedRequest) => FakeAnswer)(recorded);
    if (!answer) throw new Error(`fake fetch: no answer left for ${recorded.method} ${recorded.url}`);
    const status = answer.status ?? 200;
    const body = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? null);
    const headers = { ...(answer.json !== undefined && { 'content-type': 'application/json' }), ...answer.headers };
    return new Response(status === 204 ? null : body, { status, headers });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

/** The last recorded request's JSON body. */
export function jsonBody(req: RecordedRequest | undefined): unknown {
  if (!req) throw new Error('no request recorded');
  return JSON.parse(req.body);
}
