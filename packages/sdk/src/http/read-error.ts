import { GatehouseError, OAuthError, type ErrorDetail } from '../errors.js';
import { parseRetryAfter } from './retry-policy.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function retryAfterSeconds(response: Response): number | undefined {
  const ms = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

/**
 * Turns a failed response into the error the caller sees. Data API bodies are
 * `{code, message, externalReference, details}` (docs/webflow-wire.md, "Errors"); OAuth bodies are
 * `{error, error_description}` (RFC 6749 §5.2). Anything else keeps the status and a generic code.
 *
 * @example
 * if (!response.ok) throw await readError(response);
 */
export async function readError(response: Response): Promise<GatehouseError> {
  const body = await readJson(response);
  const retryAfter = retryAfterSeconds(response);
  if (isRecord(body) && typeof body.error === 'string') {
    return new OAuthError({
      status: response.status,
      code: body.error,
      message: typeof body.error_description === 'string' ? body.error_description : body.error,
      retryAfterSeconds: retryAfter,
    });
  }
  if (isRecord(body) && typeof body.code === 'string') {
    return new GatehouseError({
      status: response.status,
      code: body.code,
      message: typeof body.message === 'string' ? body.message : body.code,
      details: Array.isArray(body.details) ? (body.details as ErrorDetail[]) : [],
      externalReference: typeof body.externalReference === 'string' ? body.externalReference : null,
      retryAfterSeconds: retryAfter,
    });
  }
  return new GatehouseError({
    status: response.status,
    code: 'http_error',
    message: `HTTP ${response.status}${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}`,
    retryAfterSeconds: retryAfter,
  });
}
