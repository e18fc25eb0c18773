import { html, type SafeHtml } from '../html.js';
import { csrfInput } from './form-kit.js';
import { dashboardPage, type PageFrame } from './shell.js';

/** A confirmation step for destructive actions that works without JavaScript: GET shows it, its form POSTs. */
export function confirmPage(
  frame: PageFrame,
  o: { title: string; message: SafeHtml; action: string; button: string; cancel: string; /** Choices posted with the confirmation. */ fields?: SafeHtml },
): string {
  const body = html`<section class="card narrow">
  <h1>${o.title}</h1>
  <div>${o.message}</div>
  <form method="post" action="${o.action}" id="confirm-form">
    ${csrfInput(frame.csrf)}
    ${o.fields ?? ''}
    <div class="actions"><button type="submit" class="danger">${o.button}</button><a class="button secondary" href="${o.cancel}">Cancel</a></div>
  </form>
</section>`;
  return dashboardPage(frame, o.title, body);
}
