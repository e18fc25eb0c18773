import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorPage } from '../views/layout.js';
import { sendPage } from './security-headers.js';

export const FORM_TYPE_MESSAGE = 'Send forms as application/x-www-form-urlencoded.';

/** Whether a POST carries an HTML form body, the only kind the page surfaces take. */
export const isFormPost = (req: FastifyRequest): boolean =>
  (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

/** Title and message of the page for a framework 4xx (body parsing, size, media type). */
export function clientErrorText(status: number, err: Error): { title: string; message: string } {
  if (status === 413) return { title: 'Too large', message: 'The form is too large.' };
  if (status === 415) return { title: 'Unsupported form', message: FORM_TYPE_MESSAGE };
  return { title: 'Bad request', message: err.message };
}

/**
 * The page surfaces (login, consent) answer in HTML, never in the app-wide JSON error: a form with the
 * wrong media type is refused with a 415 page before any handler runs, and a body that cannot be parsed
 * or is too large gets a 4xx page.
 */
export function htmlFormErrors(app: FastifyInstance, page: (title: string, message: string, status: number) => string = errorPage): void {
  app.addHook('preHandler', async (req, reply) => {
    if (req.method === 'POST' && !isFormPost(req)) return sendPage(reply, page('Unsupported form', FORM_TYPE_MESSAGE, 415), 415);
  });
  app.setErrorHandler(async (err: FastifyError, req, reply: FastifyReply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) {
      req.log.error({ err }, 'page error');
      return sendPage(reply, page('Something went wrong', 'Something went wrong on our side. Please try again.', 500), 500);
    }
    const { title, message } = clientErrorText(status, err);
    return sendPage(reply, page(title, message, status), status);
  });
}
