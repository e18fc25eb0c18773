import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Catalogue } from '../oauth/scopes.js';
import { errorPage } from '../views/layout.js';
import { markUnavailable } from './dependency-unavailable.js';
import { classifyFrameworkError } from './framework-errors.js';
import { sendPage } from './security-headers.js';

const FORM_TYPE_MESSAGE = 'Send forms as application/x-www-form-urlencoded.';
const TITLES: Record<number, string> = {
  400: 'Bad request',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported form',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
};

/** What a surface knows about one of its own errors: the status and the message to show. */
export interface PageError {
  status: number;
  message: string;
}

export interface HtmlFormErrorOptions {
  /** Renders the page; the default is the plain error page. */
  page?: (title: string, message: string, status: number, catalogue: Catalogue) => string;
  /** The surface's own errors (e.g. platform rule failures); anything else is a framework 4xx or a 500. */
  classify?: (err: Error) => PageError | undefined;
  /** Errors answered by sending the browser elsewhere (303) rather than with a page: the path, or undefined. */
  redirect?: (err: Error, req: FastifyRequest) => string | undefined;
}

/** Whether a POST carries an HTML form body, the only kind the page surfaces take. */
const isFormPost = (req: FastifyRequest): boolean => (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

/**
 * The page surfaces (dashboard, login, consent) answer in HTML, never in the app-wide JSON error: a POST
 * with the wrong media type is refused with a 415 page before any handler runs, a body that cannot be
 * parsed or is too large gets a 4xx page, an unreachable database a 503 page with `Retry-After`, and anything
 * unexpected a 500 page whose detail stays in the log.
 */
export function htmlFormErrors(app: FastifyInstance, options: HtmlFormErrorOptions = {}): void {
  const page = options.page ?? ((title: string, message: string, _status: number, catalogue: Catalogue) => errorPage(title, message, catalogue));
  const send = (reply: FastifyReply, { status, message }: PageError) =>
    sendPage(reply, page(TITLES[status] ?? 'Error', message, status, reply.server.catalogue), status);
  app.addHook('preHandler', async (req, reply) => {
    if (req.method === 'POST' && !isFormPost(req)) return send(reply, { status: 415, message: FORM_TYPE_MESSAGE });
  });
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    const elsewhere = options.redirect?.(err, req);
    if (elsewhere) return reply.redirect(elsewhere, 303);
    const known = options.classify?.(err);
    if (known) return send(reply, known);
    const failure = classifyFrameworkError(err);
    switch (failure.kind) {
      case 'fault':
        req.log.error({ err }, 'page error');
        return send(reply, { status: 500, message: 'Something went wrong on our side. Please try again.' });
      case 'unavailable':
        markUnavailable(reply);
        return send(reply, { status: 503, message: 'Gatehouse cannot reach its database right now. Please try again in a moment.' });
      case 'body_too_large':
        return send(reply, { status: 413, message: 'The form is too large.' });
      case 'unsupported_media_type':
        return send(reply, { status: 415, message: FORM_TYPE_MESSAGE });
      case 'validation':
      case 'client_error':
        return send(reply, { status: failure.status, message: failure.message });
    }
  });
}
