// Rows of CloudTrail Lake query results and Athena result CSVs: one flat row of lower-case columns,
// every value a string. Struct columns (`useridentity`) and map columns (`additionaleventdata`,
// `responseelements`, `requestparameters`) come as struct text `{type=Root, ...}` (Lake, Athena
// structs) or JSON (Athena's CloudTrail table keeps the last three as JSON strings).
//
// Accepted columns (any case; the SQL the app suggests should select these names):
//   eventtime (required), eventname, eventsource, eventtype, eventid, awsregion, sourceipaddress,
//   useragent, errorcode, errormessage, recipientaccountid, useridentity, requestparameters,
//   responseelements, additionaleventdata
// and flattened forms when a query selects single fields:
//   useridentity.<field> or useridentity_<field> (e.g. useridentity_type, useridentity.invokedby,
//   useridentity.sessioncontext.assumedroot), mfaused, consolelogin, assumedroot, mfaauthenticated.
import type { Json } from './collect';
import { parseObjectColumn } from './struct-text';

const COLUMN_FIELDS: ReadonlyArray<[string, string]> = [
  ['eventname', 'eventName'],
  ['eventsource', 'eventSource'],
  ['eventtype', 'eventType'],
  ['eventid', 'eventID'],
  ['awsregion', 'awsRegion'],
  ['sourceipaddress', 'sourceIPAddress'],
  ['useragent', 'userAgent'],
  ['errorcode', 'errorCode'],
  ['errormessage', 'errorMessage'],
  ['recipientaccountid', 'recipientAccountId'],
];

const present = (v: string | undefined): string | undefined => {
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' || t === 'null' || t === 'NULL' ? undefined : t;
};

function setPath(o: Json, path: string[], value: string): void {
  let cur = o;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i] as string;
    const next = cur[k];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) cur = next as Json;
    else {
      const made: Json = {};
      cur[k] = made;
      cur = made;
    }
  }
  cur[path[path.length - 1] as string] = value;
}

/** A flat row (keys lower-cased) as a record object for FileCollector.addRecord; undefined without eventtime. */
export function flatRowToRecord(row: Record<string, string | undefined>): Json | undefined {
  const time = present(row.eventtime);
  if (time === undefined) return undefined;
  const rec: Json = { eventTime: time };
  for (const [col, key] of COLUMN_FIELDS) {
    const v = present(row[col]);
    if (v !== undefined) rec[key] = v;
  }
  const ui: Json = parseObjectColumn(present(row.useridentity)) ?? {};
  const req = parseObjectColumn(present(row.requestparameters));
  const resp = parseObjectColumn(present(row.responseelements)) ?? {};
  const extra = parseObjectColumn(present(row.additionaleventdata)) ?? {};
  for (const [col, raw] of Object.entries(row)) {
    const v = present(raw);
    if (v === undefined) continue;
    const m = /^useridentity[._](.+)$/.exec(col);
    if (m) setPath(ui, (m[1] as string).split(/[._]/), v);
  }
  const mfa = present(row.mfaused);
  if (mfa !== undefined) extra.MFAUsed = mfa;
  const login = present(row.consolelogin);
  if (login !== undefined) resp.ConsoleLogin = login;
  const assumed = present(row.assumedroot);
  if (assumed !== undefined) setPath(ui, ['sessioncontext', 'assumedroot'], assumed);
  const mfaAuth = present(row.mfaauthenticated);
  if (mfaAuth !== undefined) setPath(ui, ['sessioncontext', 'attributes', 'mfaauthenticated'], mfaAuth);
  rec.userIdentity = ui;
  if (req) rec.requestParameters = req;
  if (Object.keys(resp).length > 0) rec.responseElements = resp;
  if (Object.keys(extra).length > 0) rec.additionalEventData = extra;
  return rec;
}
