import type { NamedAuditEvent } from '../../platform/audit-names.js';

const COLUMNS = ['time', 'event_type', 'event_sub_type', 'actor_email', 'actor_name', 'details'] as const;

/**
 * One CSV cell (RFC 4180 §2: quoted when it holds a comma, quote or line break, quotes doubled). A cell that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) is prefixed with `'`.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const detailText = (e: NamedAuditEvent) => e.details.map((d) => `${d.label}: ${d.value}${d.id && d.id !== d.value ? ` (${d.id})` : ''}`).join('; ');

/** docs/dashboard.md, "Audit log": the filtered events as CSV, one row per event, names with their ids. */
export function auditCsv(events: NamedAuditEvent[]): string {
  const lines = [COLUMNS.join(',')];
  for (const e of events) {
    lines.push([e.createdAt, e.eventType, e.eventSubType, e.actorEmail ?? '', e.actorName ?? '', detailText(e)].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The same events as one JSON object. */
export function auditJson(events: NamedAuditEvent[], truncated: boolean): string {
  return JSON.stringify({ events, truncated });
}
