// What differs between the engines that run credaudit's query (template.ts holds what does not):
// where the records come from, how each field is reached, and a few functions whose names differ.
// Athena and CloudTrail Lake speak Trino SQL; DuckDB its own. Nothing here knows the query's shape.
import type { ResultColumn } from './result-columns';

/** Result columns that event rows fill from a record field (everything but the row kind and coverage). */
export type EventColumn = Exclude<ResultColumn, 'credaudit_row' | 'first_event' | 'last_event' | 'event_count'>;

export interface Dialect {
  engine: 'athena' | 'lake' | 'duckdb';
  /** The FROM clause body: a table, an event data store, or a subquery over files. */
  from: string;
  /** A condition that limits the scan to the look-back (partition pruning), when days were given. */
  since?: string;
  /** The expression that reads each event column from one record. */
  field: Readonly<Record<EventColumn, string>>;
  /** eventTime as a timestamp, NULL when it is not a readable time. */
  parseTime: (eventTime: string) => string;
  /** A timestamp as text the engine reads back (ISO 8601 UTC, or Lake's `YYYY-MM-DD HH:MM:SS.000`). */
  formatTime: (ts: string) => string;
  /** eventTime as text (for an event's de-duplication key). */
  timeText: (eventTime: string) => string;
  /** The UTC day a timestamp falls in (a grouping key). */
  dayOf: (ts: string) => string;
  /** True when the text is a 12-digit account id. */
  isAccountId: (expr: string) => string;
}

/** A SQL string literal: single quotes doubled. Callers validate values first; this keeps SQL well formed regardless. */
export const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

// ---- Athena ------------------------------------------------------------------------------------
// The table (athena-table.ts) keeps userIdentity as a struct and requestParameters,
// responseElements and additionalEventData as JSON text, as AWS's CloudTrail table does.

export function athenaDialect(table: string, sinceDay: string | undefined): Dialect {
  const json = (column: string, path: string): string => `json_extract_scalar(${column}, ${literal(path)})`;
  return {
    engine: 'athena',
    from: table,
    ...(sinceDay !== undefined ? { since: `day >= ${literal(sinceDay.replace(/-/g, '/'))}` } : {}),
    field: {
      eventid: 'eventid',
      eventtime: 'eventtime',
      eventname: 'eventname',
      eventsource: 'eventsource',
      eventtype: 'eventtype',
      awsregion: 'awsregion',
      sourceipaddress: 'sourceipaddress',
      useragent: 'useragent',
      errorcode: 'errorcode',
      errormessage: 'errormessage',
      recipientaccountid: 'recipientaccountid',
      useridentity_type: 'useridentity.type',
      useridentity_accountid: 'useridentity.accountid',
      useridentity_arn: 'useridentity.arn',
      useridentity_accesskeyid: 'useridentity.accesskeyid',
      useridentity_invokedby: 'useridentity.invokedby',
      mfaauthenticated: 'useridentity.sessioncontext.attributes.mfaauthenticated',
      assumedroot: 'useridentity.sessioncontext.assumedroot',
      mfaused: json('additionaleventdata', '$.MFAUsed'),
      consolelogin: json('responseelements', '$.ConsoleLogin'),
      username: json('requestparameters', '$.userName'),
      targetprincipal: json('requestparameters', '$.targetPrincipal'),
      taskpolicyarn: json('requestparameters', '$.taskPolicyArn.arn'),
    },
    parseTime: (t) => `try(from_iso8601_timestamp(${t}))`,
    formatTime: (ts) => `to_iso8601(${ts})`,
    timeText: (t) => t,
    dayOf: (ts) => `date_trunc('day', ${ts})`,
    isAccountId: (e) => `regexp_like(${e}, '^[0-9]{12}$')`,
  };
}

// ---- CloudTrail Lake ---------------------------------------------------------------------------
// An event data store: eventTime is a timestamp, userIdentity a struct, and requestParameters,
// responseElements and additionalEventData are string maps. Lake's documented schema has no
// sessionContext.assumedRoot, so that column stays empty there: privileged root task sessions are
// still seen through the caller's AssumeRoot rows, but their own events are not labelled as such.

export function lakeDialect(eventDataStore: string, since: string | undefined): Dialect {
  const map = (column: string, key: string): string => `element_at(${column}, ${literal(key)})`;
  return {
    engine: 'lake',
    from: eventDataStore,
    ...(since !== undefined ? { since: `eventTime >= ${literal(`${since} 00:00:00`)}` } : {}),
    field: {
      eventid: 'eventID',
      eventtime: 'eventTime',
      eventname: 'eventName',
      eventsource: 'eventSource',
      eventtype: 'eventType',
      awsregion: 'awsRegion',
      sourceipaddress: 'sourceIPAddress',
      useragent: 'userAgent',
      errorcode: 'errorCode',
      errormessage: 'errorMessage',
      recipientaccountid: 'recipientAccountId',
      useridentity_type: 'userIdentity.type',
      useridentity_accountid: 'userIdentity.accountId',
      useridentity_arn: 'userIdentity.arn',
      useridentity_accesskeyid: 'userIdentity.accessKeyId',
      useridentity_invokedby: 'userIdentity.invokedBy',
      mfaauthenticated: 'userIdentity.sessionContext.attributes.mfaAuthenticated',
      assumedroot: 'CAST(NULL AS varchar)',
      mfaused: map('additionalEventData', 'MFAUsed'),
      consolelogin: map('responseElements', 'ConsoleLogin'),
      username: map('requestParameters', 'userName'),
      targetprincipal: map('requestParameters', 'targetPrincipal'),
      taskpolicyarn: map('requestParameters', 'taskPolicyArn'),
    },
    // Already a timestamp; Lake prints it as `YYYY-MM-DD HH:MM:SS.000` (UTC), which the engine reads.
    parseTime: (t) => t,
    formatTime: (ts) => ts,
    timeText: (t) => `CAST(${t} AS varchar)`,
    dayOf: (ts) => `date_trunc('day', ${ts})`,
    isAccountId: (e) => `regexp_like(${e}, '^[0-9]{12}$')`,
  };
}

// ---- DuckDB ------------------------------------------------------------------------------------
// A local folder of S3 log files: each file is one object {"Records":[...]}; unnest makes one row per
// record, kept as JSON and read with json_extract_string. Digest files have no Records and add no rows.

/** Largest single JSON file DuckDB will read (its default, 16 MB, is below big trail files). */
const DUCKDB_MAX_OBJECT_BYTES = 1024 * 1024 * 1024;

export function duckdbDialect(glob: string, since: string | undefined): Dialect {
  const at = (path: string): string => `json_extract_string(r, ${literal(path)})`;
  return {
    engine: 'duckdb',
    from: `(SELECT unnest(Records) AS r FROM read_json(${literal(glob)}, columns = {'Records': 'JSON[]'}, format = 'auto', records = true, maximum_object_size = ${DUCKDB_MAX_OBJECT_BYTES})) AS records`,
    ...(since !== undefined ? { since: `${at('$.eventTime')} >= ${literal(`${since}T00:00:00Z`)}` } : {}),
    field: {
      eventid: at('$.eventID'),
      eventtime: at('$.eventTime'),
      eventname: at('$.eventName'),
      eventsource: at('$.eventSource'),
      eventtype: at('$.eventType'),
      awsregion: at('$.awsRegion'),
      sourceipaddress: at('$.sourceIPAddress'),
      useragent: at('$.userAgent'),
      errorcode: at('$.errorCode'),
      errormessage: at('$.errorMessage'),
      recipientaccountid: at('$.recipientAccountId'),
      useridentity_type: at('$.userIdentity.type'),
      useridentity_accountid: at('$.userIdentity.accountId'),
      useridentity_arn: at('$.userIdentity.arn'),
      useridentity_accesskeyid: at('$.userIdentity.accessKeyId'),
      useridentity_invokedby: at('$.userIdentity.invokedBy'),
      mfaauthenticated: at('$.userIdentity.sessionContext.attributes.mfaAuthenticated'),
      assumedroot: at('$.userIdentity.sessionContext.assumedRoot'),
      mfaused: at('$.additionalEventData.MFAUsed'),
      consolelogin: at('$.responseElements.ConsoleLogin'),
      username: at('$.requestParameters.userName'),
      targetprincipal: at('$.requestParameters.targetPrincipal'),
      taskpolicyarn: at('$.requestParameters.taskPolicyArn.arn'),
    },
    // TIMESTAMPTZ honours any offset; timezone('UTC', …) makes it a plain UTC timestamp.
    parseTime: (t) => `timezone('UTC', try_cast(${t} AS TIMESTAMPTZ))`,
    formatTime: (ts) => `strftime(${ts}, '%Y-%m-%dT%H:%M:%S.%gZ')`,
    timeText: (t) => t,
    dayOf: (ts) => `date_trunc('day', ${ts})`,
    isAccountId: (e) => `regexp_full_match(${e}, '[0-9]{12}')`,
  };
}
