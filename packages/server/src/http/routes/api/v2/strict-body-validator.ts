import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifySchemaCompiler } from 'fastify';

const fromPool = AjvCompiler();
// Fastify's defaults, which coerce: right for the path and query, where every value arrives as a string.
const coercing = fromPool({}, { customOptions: {} });
// JSON bodies carry their own types; a string where a boolean or array belongs is a client error to
// report, not to guess at ("true" → true, "id" → ["id"]). Unknown fields are still dropped.
const strict = fromPool({}, { customOptions: { coerceTypes: false } });

/** Validates /v2 bodies without type coercion, and the path and query as Fastify does by default. */
export const dataApiValidatorCompiler: FastifySchemaCompiler<unknown> = (route) => (route.httpPart === 'body' ? strict : coercing)(route);
