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
import { MAX_STRUCT_DEPTH, parseObjectColumn } from './struct-text';

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

/**
 * A flat row (keys lower-cased) as a record object for FileCollector.addRecord; undefined without
 * eventtime; a sentence (why the row cannot be read) when a struct column nests too deep to read:
 * such a row is skipped, not read as a row without that column (a root identity would be missed).
 */
export function flatRowToRecord(row: Record<string, string | undefined>): Json | string | undefined {
  const time = present(row.eventtime);
  if (time === undefined) return undefined;
  const rec: Json = { eventTime: time };
  for (const [col, key] of COLUMN_FIELDS) {
    const v = present(row[col]);
    if (v !== undefined) rec[key] = v;
  }
  let tooDeep: string | undefined;
  const objectColumn = (col: string) => parseObjectColumn(present(row[col]), () => (tooDeep ??= col));
  const ui: Json = objectColumn('useridentity') ?? {};
  const req = objectColumn('requestparameters');
  const resp = objectColumn('responseelements') ?? {};
  const extra = objectColumn('additionaleventdata') ?? {};
  if (tooDeep !== undefined) return `column ${tooDeep} nests deeper than ${MAX_STRUCT_DEPTH} levels`;
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
