/** Characters JSON.stringify escapes in a string: a string without one is its own JSON between quotes. */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** The JSON text of a string, as JSON.stringify writes it, without its work for a string that needs no escape. */
export const jsonString = (text: string): string => (ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`);
