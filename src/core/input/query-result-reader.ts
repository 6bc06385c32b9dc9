// The result of credaudit's own SQL (src/core/sql/) as run by Athena, CloudTrail Lake or DuckDB: a
// documented input kind, so the CT rules run on it exactly as on raw trail files. Recognised by its
// `credaudit_row` column, in every shape those engines write:
//   - CSV with a header (Athena's result file, DuckDB's COPY, Lake's console download);
//   - CloudTrail Lake `get-query-results` JSON (`QueryResultRows`: lists of single-key objects);
//   - Athena `get-query-results` JSON (`ResultSet.Rows[].Data[].VarCharValue`, header row first);
//   - JSON objects, one a line or in an array (DuckDB `FORMAT json`).
// `event` rows become root events and AssumeRoot calls (through the same record reader as raw
// files: service noise, MFA and sign-in readings are decided there). `coverage` rows become coverage:
// each bucket's first and last event time stand for its events, and its count is the number of
// events. Event rows add no coverage of their own (their events are counted in the coverage rows).
import Papa from 'papaparse';
import { FileCollector, type Json } from '../cloudtrail/collect';
import type { CloudTrailFileResult } from '../cloudtrail/model';
import { mayQuote } from '../cloudtrail/quoted-words';
import { parseObjectColumn } from '../cloudtrail/struct-text';
import { ROW_KIND, ROW_KIND_COLUMN } from '../sql/result-columns';
import { parseUtcMs } from '../time';
import { defineReader, inputRead, type InputRead, type InputText } from './reader';

export const QUERY_RESULT_FORMAT = 'cloudtrail-query-result';

type Row = Record<string, string | undefined>;
type Shape = 'csv' | 'json';

/** By content: the marker column in a CSV header, or as a key / header value in JSON. */
function detectShape(head: string, quoted: number): Shape | undefined {
  if (head.startsWith('{') || head.startsWith('[')) return mayQuote(quoted, ROW_KIND_COLUMN) && head.includes(`"${ROW_KIND_COLUMN}"`) ? 'json' : undefined;
  const nl = head.indexOf('\n');
  const header = (nl < 0 ? head : head.slice(0, nl)).split(',').map((h) => h.replace(/"/g, '').trim().toLowerCase());
  return header.includes(ROW_KIND_COLUMN) ? 'csv' : undefined;
}

const cell = (v: unknown): string | undefined => {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
};

const lowerKeys = (o: Record<string, unknown>): Row => {
  const row: Row = {};
  for (const [k, v] of Object.entries(o)) row[k.toLowerCase()] = cell(v);
  return row;
};

function csvRows(text: string): { rows: Row[]; firstLine: number } {
  const data = Papa.parse<string[]>(text, { header: false, skipEmptyLines: 'greedy' }).data;
  const header = (data[0] ?? []).map((h) => h.replace(/^\uFEFF/, '').trim().toLowerCase());
  const rows: Row[] = [];
  for (let r = 1; r < data.length; r++) {
    const values = data[r] as string[];
    const row: Row = {};
    header.forEach((h, i) => {
      row[h] = values[i];
    });
    rows.push(row);
  }
  return { rows, firstLine: 2 };
}

/** Every JSON shape above, as rows; undefined when the text is not JSON of one of them. */
function jsonRows(text: string): Row[] | undefined {
  let values: unknown[];
  try {
    values = [JSON.parse(text)];
  } catch {
    // DuckDB's default JSON output: one object a line.
    try {
      values = text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as unknown);
    } catch {
      return undefined;
    }
  }
  const rows: Row[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  for (const v of values) {
    if (Array.isArray(v)) {
      for (const o of v) if (isObj(o)) rows.push(lowerKeys(o));
      continue;
    }
    if (!isObj(v)) continue;
    if (Array.isArray(v.QueryResultRows)) {
      // Lake: each row a list of single-key objects.
      for (const r of v.QueryResultRows) {
        if (!Array.isArray(r)) continue;
        const row: Row = {};
        for (const c of r) if (isObj(c)) for (const [k, x] of Object.entries(c)) row[k.toLowerCase()] = cell(x);
        rows.push(row);
      }
      continue;
    }
    const rs = v.ResultSet;
    if (isObj(rs) && Array.isArray(rs.Rows)) {
      // Athena: the first row holds the column names.
      const data = rs.Rows.map((r) => (isObj(r) && Array.isArray(r.Data) ? r.Data.map((d) => (isObj(d) ? cell(d.VarCharValue) : undefined)) : []));
      const header = (data[0] ?? []).map((h) => (h ?? '').toLowerCase());
      for (let i = 1; i < data.length; i++) {
        const row: Row = {};
        header.forEach((h, j) => {
          row[h] = data[i]?.[j];
        });
        rows.push(row);
      }
      continue;
    }
    rows.push(lowerKeys(v));
  }
  return rows;
}

/** A value that is there: not empty, not the text `null` some engines print for a null field. */
const present = (v: string | undefined): string | undefined => {
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' || t === 'null' || t === 'NULL' ? undefined : t;
};

/** Lake returns requestParameters.taskPolicyArn (an object) as JSON or struct text in a string map. */
function policyArn(v: string | undefined): string | undefined {
  const t = present(v);
  if (t === undefined || !t.startsWith('{')) return t;
  const arn = parseObjectColumn(t)?.arn;
  return typeof arn === 'string' ? arn : undefined;
}

/** An event row as a CloudTrail record, for the record reader all formats share. */
export function eventRowToRecord(row: Row): Json {
  const rec: Json = {};
  const put = (o: Json, key: string, v: string | undefined): void => {
    if (v !== undefined) o[key] = v;
  };
  const top: Array<[string, string]> = [
    ['eventid', 'eventID'],
    ['eventtime', 'eventTime'],
    ['eventname', 'eventName'],
    ['eventsource', 'eventSource'],
    ['eventtype', 'eventType'],
    ['awsregion', 'awsRegion'],
    ['sourceipaddress', 'sourceIPAddress'],
    ['useragent', 'userAgent'],
    ['errorcode', 'errorCode'],
    ['errormessage', 'errorMessage'],
    ['recipientaccountid', 'recipientAccountId'],
  ];
  for (const [col, key] of top) put(rec, key, present(row[col]));
  const ui: Json = {};
  put(ui, 'type', present(row.useridentity_type));
  put(ui, 'accountId', present(row.useridentity_accountid));
  put(ui, 'arn', present(row.useridentity_arn));
  put(ui, 'accessKeyId', present(row.useridentity_accesskeyid));
  put(ui, 'invokedBy', present(row.useridentity_invokedby));
  const attributes: Json = {};
  put(attributes, 'mfaAuthenticated', present(row.mfaauthenticated));
  const session: Json = { attributes };
  put(session, 'assumedRoot', present(row.assumedroot));
  ui.sessionContext = session;
  rec.userIdentity = ui;
  const extra: Json = {};
  put(extra, 'MFAUsed', present(row.mfaused));
  if (Object.keys(extra).length > 0) rec.additionalEventData = extra;
  const resp: Json = {};
  put(resp, 'ConsoleLogin', present(row.consolelogin));
  if (Object.keys(resp).length > 0) rec.responseElements = resp;
  const req: Json = {};
  put(req, 'userName', present(row.username));
  put(req, 'targetPrincipal', present(row.targetprincipal));
  const policy = policyArn(row.taskpolicyarn);
  if (policy !== undefined) req.taskPolicyArn = { arn: policy };
  if (Object.keys(req).length > 0) rec.requestParameters = req;
  return rec;
}

const ACCOUNT_RE = /^\d{12}$/;

/** The rows of one result file -> one CloudTrail file result. */
export function readQueryResultRows(rows: Row[], input: string, firstLine: number | undefined): CloudTrailFileResult {
  const events = new FileCollector(input);
  const coverage = new FileCollector(input);
  const counts = new Map<string | null, number>();
  let eventRows = 0;
  let coverageRows = 0;
  rows.forEach((row, i) => {
    const at = firstLine !== undefined ? { line: firstLine + i } : { record: i + 1 };
    const kind = present(row[ROW_KIND_COLUMN]);
    if (kind === ROW_KIND.event) {
      eventRows++;
      events.seq = i; // so that a JSON row's record number is its index (1-based)
      events.addRecord(eventRowToRecord(row), undefined, at.line);
      return;
    }
    coverage.seq++;
    if (kind !== ROW_KIND.coverage) {
      coverage.skip(`${ROW_KIND_COLUMN} is ${JSON.stringify(kind ?? '')}, not "event" or "coverage"`, at);
      return;
    }
    const firstText = present(row.first_event);
    const lastText = present(row.last_event);
    const first = firstText !== undefined ? parseUtcMs(firstText) : undefined;
    const last = lastText !== undefined ? parseUtcMs(lastText) : undefined;
    const count = Number(present(row.event_count));
    if (first === undefined || last === undefined || last < first || !Number.isSafeInteger(count) || count < 1) {
      coverage.skip('a coverage row needs first_event, last_event (readable times, first not after last) and a positive event_count', at);
      return;
    }
    const accountText = present(row.recipientaccountid);
    const account = accountText !== undefined && ACCOUNT_RE.test(accountText) ? accountText : null;
    coverageRows++;
    coverage.cover(account, first, firstText, false, at);
    if (last !== first) coverage.cover(account, last, lastText, false, at);
    counts.set(account, (counts.get(account) ?? 0) + count);
  });
  // Each bucket stood for `count` events, not for the one or two times it gave.
  for (const [account, n] of counts) {
    const cov = coverage.coverage.get(account);
    if (cov) cov.count = n;
  }
  events.summarize();
  coverage.summarize();
  const problems = [...events.problems, ...coverage.problems];
  let total = 0;
  for (const n of counts.values()) total += n;
  const accounts = counts.size;
  problems.push(
    coverageRows === 0
      ? {
          input,
          severity: 'warning',
          message: `credaudit query result without coverage rows (${eventRows} event row${eventRows === 1 ? '' : 's'}): the result was cut or filtered, so it cannot show which days the logs cover, and no CloudTrail check can pass on it.`,
        }
      : {
          input,
          severity: 'info',
          message: `credaudit query result: ${eventRows} root or AssumeRoot event row${eventRows === 1 ? '' : 's'}, and ${total} event${total === 1 ? '' : 's'} of any identity in ${coverageRows} coverage row${coverageRows === 1 ? '' : 's'} (per account, region and UTC day) for ${accounts} account${accounts === 1 ? '' : 's'}.`,
        },
  );
  return {
    format: QUERY_RESULT_FORMAT,
    records: coverageRows === 0 ? events.records : total,
    skipped: events.skipped + coverage.skipped,
    rootEvents: events.rootEvents,
    assumeRootCalls: events.assumeRootCalls,
    coverage: coverage.coverage,
    problems,
    limitedFormat: false,
    input,
  };
}

export const queryResultReader = defineReader<Shape>({
  id: QUERY_RESULT_FORMAT,
  kind: 'cloudtrail',
  purpose: 'audit',
  detect: (s) => detectShape(s.cloudTrailHead, s.quoted),
  read: (s: InputText, shape, ctx): InputRead => {
    let result: CloudTrailFileResult;
    if (shape === 'csv') {
      const { rows, firstLine } = csvRows(s.text);
      result = readQueryResultRows(rows, s.name, firstLine);
    } else {
      const rows = jsonRows(s.text);
      if (rows === undefined) {
        return inputRead('cloudtrail', QUERY_RESULT_FORMAT, [{ input: s.name, severity: 'error', message: 'A credaudit query result in JSON that does not parse (neither one JSON value nor one object a line): not read.' }]);
      }
      result = readQueryResultRows(rows, s.name, undefined);
    }
    const out = inputRead('cloudtrail', ctx.gzip ? `${QUERY_RESULT_FORMAT}+gzip` : QUERY_RESULT_FORMAT, result.problems);
    out.records = result.records;
    out.skipped = result.skipped;
    out.accountIds = [...result.coverage.keys()].filter((a): a is string => a !== null).sort();
    out.content = { type: 'cloudtrail', file: result };
    return out;
  },
});
