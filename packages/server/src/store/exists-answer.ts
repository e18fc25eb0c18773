/** Reads an `EXISTS (…)` column: SQLite answers 1 or 0, PostgreSQL true or false. */
export const existsAnswer = (v: unknown): boolean => v === true || Number(v) === 1;
