// The one query every engine runs (dialects.ts supplies the engine's words): the root events and
// AssumeRoot calls the CT rules read, plus coverage rows (first / last event time and event count of
// any identity per account, region and UTC day). One statement, two SELECTs joined by UNION ALL, no
// WITH clause (CloudTrail Lake's documented grammar has none).
import type { Dialect, EventColumn } from './dialects';
import { literal } from './dialects';
import { RESULT_COLUMNS, ROW_KIND, type ResultColumn } from './result-columns';

const EVENT_COLUMNS = RESULT_COLUMNS.map((c) => c.name).filter(
  (n): n is EventColumn => n !== 'credaudit_row' && n !== 'first_event' && n !== 'last_event' && n !== 'event_count',
);

const INDENT = '  ';

function selectList(values: Readonly<Record<ResultColumn, string>>): string {
  return RESULT_COLUMNS.map((c) => `${INDENT}${values[c.name]} AS ${c.name}`).join(',\n');
}

const where = (conditions: string[]): string => (conditions.length === 0 ? '' : `\nWHERE ${conditions.join('\n  AND ')}`);

/** The audit query for one engine (no trailing semicolon). */
export function auditQuery(d: Dialect): string {
  const f = d.field;
  const time = d.parseTime(f.eventtime);
  const scope = d.since !== undefined ? [d.since] : [];

  const eventValues = { credaudit_row: literal(ROW_KIND.event), first_event: 'NULL', last_event: 'NULL', event_count: 'NULL' } as Record<ResultColumn, string>;
  for (const c of EVENT_COLUMNS) eventValues[c] = f[c];
  // Root identity (service noise included: the engine sorts it out, as for raw files), and the
  // caller's side of sts:AssumeRoot, which the task-session rule lists.
  const isRootOrAssumeRoot = `(${f.useridentity_type} = 'Root' OR (${f.eventname} = 'AssumeRoot' AND ${f.eventsource} LIKE 'sts.%'))`;

  // Coverage goes to recipientAccountId, else userIdentity.accountId, when it is an account id (as the engine does).
  const account = `CASE WHEN ${d.isAccountId(f.recipientaccountid)} THEN ${f.recipientaccountid} WHEN ${d.isAccountId(f.useridentity_accountid)} THEN ${f.useridentity_accountid} END`;
  // Events, each counted once: copies (same eventID, name and time: multi-region and organization
  // trails deliver some twice) fall in the same bucket, so a distinct count per bucket is exact.
  const key = `CASE WHEN ${f.eventid} IS NOT NULL THEN concat(${f.eventid}, '|', coalesce(${f.eventname}, ''), '|', ${d.timeText(f.eventtime)}) END`;
  const distinctEvents = `count(DISTINCT ${key}) + count(*) - count(${f.eventid})`;
  const coverageValues = { credaudit_row: literal(ROW_KIND.coverage), first_event: d.formatTime(`min(${time})`), last_event: d.formatTime(`max(${time})`), event_count: distinctEvents } as Record<ResultColumn, string>;
  for (const c of EVENT_COLUMNS) coverageValues[c] = 'NULL';
  coverageValues.recipientaccountid = account;
  coverageValues.awsregion = f.awsregion;

  return [
    `SELECT\n${selectList(eventValues)}\nFROM ${d.from}${where([...scope, isRootOrAssumeRoot])}`,
    'UNION ALL',
    `SELECT\n${selectList(coverageValues)}\nFROM ${d.from}${where([...scope, `${time} IS NOT NULL`])}\nGROUP BY ${account}, ${f.awsregion}, ${d.dayOf(time)}`,
    'ORDER BY credaudit_row, recipientaccountid, awsregion, eventtime, first_event',
  ].join('\n');
}
