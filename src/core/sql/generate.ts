// `credaudit sql athena|lake|duckdb`: the SQL that computes, where the logs live, what the CT rules
// need (template.ts), for one engine (dialects.ts), from parameters checked here. Pure: the clock is
// a parameter. Values end up inside SQL string literals, so each is checked against what AWS allows
// (bucket names, org ids, account ids, regions) and quotes are doubled regardless.
import { MAX_WINDOW_DAYS, type Parsed } from '../options';
import { DAY_MS, startOfUtcDay, utcDay } from '../time';
import { athenaDialect, duckdbDialect, lakeDialect, literal } from './dialects';
import { auditQuery } from './template';

export const SQL_ENGINES = ['athena', 'lake', 'duckdb'] as const;
export type SqlEngine = (typeof SQL_ENGINES)[number];

/** Look-back scanned when no days are given: the longest default window (90 days) plus a day, so it covers it whole. */
export const DEFAULT_SQL_DAYS = 91;

export const DEFAULT_ATHENA_TABLE = 'credaudit_cloudtrail';
export const DEFAULT_DUCKDB_OUT = 'credaudit-query-result.csv';

/**
 * Regions an organization trail writes to, for Athena's partition projection (an enum: a region
 * left out is not read). Commercial regions as of 2025; pass `regions` for others (GovCloud, China,
 * regions launched later).
 */
export const DEFAULT_REGIONS: readonly string[] = Object.freeze([
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'af-south-1',
  'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
  'ca-central-1', 'ca-west-1',
  'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1',
  'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1',
]);

export interface SqlParams {
  /** Athena: the trail's bucket, optionally with the trail's key prefix (`bucket/prefix`). */
  bucket?: string;
  /** Athena: the organization id (`o-…`) of an organization trail; absent for an account's own trail. */
  orgId?: string;
  /** Athena: member account ids (partition projection lists them; an account left out is not read). */
  accounts?: readonly string[];
  /** Athena: regions to read (default DEFAULT_REGIONS). */
  regions?: readonly string[];
  /** Athena: table name, optionally `database.table`. */
  table?: string;
  /** Lake: event data store id or ARN. */
  eventDataStore?: string;
  /** DuckDB: local folder holding the trail's files. */
  path?: string;
  /** DuckDB: where COPY writes the result (CSV). */
  out?: string;
  /** Look-back in days (default DEFAULT_SQL_DAYS); 0 = no limit (DuckDB only). */
  days?: number;
  /** The clock the look-back is measured from (epoch ms). */
  now: number;
}

export interface GeneratedSql {
  engine: SqlEngine;
  /** The SQL to run, with comments saying what to do with the result. */
  sql: string;
  /** The first day scanned (YYYY-MM-DD, UTC), when the scan is limited. */
  since?: string;
}

const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX_RE = /^[A-Za-z0-9!_.*()/-]+$/;
const ORG_RE = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT_RE = /^\d{12}$/;
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const TABLE_RE = /^[A-Za-z_][A-Za-z0-9_]{0,127}(\.[A-Za-z_][A-Za-z0-9_]{0,127})?$/;
/** The id part of an event data store ARN (`arn:aws:cloudtrail:REGION:ACCT:eventdatastore/ID`). */
const EDS_ID_RE = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;

/** Splits a comma / space separated list, dropping empty items. */
export const splitList = (text: string): string[] => text.split(/[\s,;]+/).filter((s) => s !== '');

function checkDays(days: number | undefined, engine: SqlEngine): Parsed<number> {
  const d = days ?? DEFAULT_SQL_DAYS;
  if (d === 0 && engine === 'duckdb') return { value: 0 };
  if (!Number.isInteger(d) || d < 1 || d > MAX_WINDOW_DAYS) return { problem: `Days must be a whole number from 1 to ${MAX_WINDOW_DAYS}${engine === 'duckdb' ? ' (or 0 for every file)' : ''}.` };
  return { value: d };
}

/** First UTC day of a look-back of `days` days before `now` (the day that holds its start). */
const sinceDay = (now: number, days: number): string => utcDay(startOfUtcDay(now - days * DAY_MS));

/** The S3 location of the trail's files: `s3://bucket[/prefix]/AWSLogs/[o-org/]`. */
function logsLocation(bucket: string | undefined, orgId: string | undefined): Parsed<string> {
  const raw = (bucket ?? '').trim().replace(/^s3:\/\//, '').replace(/\/+$/, '');
  if (raw === '') return { problem: 'Give the bucket the trail delivers to (e.g. --bucket my-org-trail-bucket, or bucket/prefix when the trail has a key prefix).' };
  const slash = raw.indexOf('/');
  const name = slash < 0 ? raw : raw.slice(0, slash);
  const prefix = slash < 0 ? '' : raw.slice(slash + 1);
  if (!BUCKET_RE.test(name) || name.includes('..')) return { problem: `"${name}" is not an S3 bucket name (3–63 lower-case letters, digits, dots and hyphens).` };
  if (prefix !== '' && !PREFIX_RE.test(prefix)) return { problem: `"${prefix}" is not a key prefix credaudit accepts (letters, digits and ! _ . * ( ) / -).` };
  let location = `s3://${name}/${prefix === '' ? '' : `${prefix}/`}AWSLogs/`;
  if (orgId !== undefined && orgId.trim() !== '') {
    const org = orgId.trim();
    if (!ORG_RE.test(org)) return { problem: `"${org}" is not an organization id (o- followed by 10 to 32 lower-case letters or digits).` };
    location += `${org}/`;
  }
  return { value: location };
}

function checkList(items: readonly string[] | undefined, re: RegExp, what: string): Parsed<string[]> {
  const list = [...new Set((items ?? []).map((s) => s.trim()).filter((s) => s !== ''))];
  const bad = list.filter((s) => !re.test(s));
  if (bad.length > 0) return { problem: `Not ${what}: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''}.` };
  return { value: list };
}

/** Athena: the table over the trail's bucket (partition projection: account, region, day) and the query. */
function athena(p: SqlParams, days: number): Parsed<GeneratedSql> {
  const location = logsLocation(p.bucket, p.orgId);
  if ('problem' in location) return location;
  const accounts = checkList(p.accounts, ACCOUNT_RE, '12-digit account ids');
  if ('problem' in accounts) return accounts;
  if (accounts.value.length === 0) {
    return {
      problem:
        "Athena's partition projection reads only the accounts it lists: give the member account ids (e.g. --accounts 111122223333,444455556666; `aws organizations list-accounts --query 'Accounts[].Id' --output text` prints them).",
    };
  }
  const regions = checkList(p.regions && p.regions.length > 0 ? p.regions : DEFAULT_REGIONS, REGION_RE, 'region names');
  if ('problem' in regions) return regions;
  const table = (p.table ?? DEFAULT_ATHENA_TABLE).trim();
  if (!TABLE_RE.test(table)) return { problem: `"${table}" is not a table name Athena accepts (letters, digits and _, optionally database.table).` };
  const since = sinceDay(p.now, days);
  const ddl = athenaTable(table, location.value, accounts.value, regions.value, since);
  const sql = [
    `-- credaudit: root activity and coverage from an organization trail, for Amazon Athena.`,
    `-- 1. Create the table once (partition projection: no ALTER TABLE ADD PARTITION needed).`,
    `-- It reads ${accounts.value.length} account(s) and ${regions.value.length} region(s); an account or region not listed is not read.`,
    `${ddl};`,
    '',
    `-- 2. Run the query (days since ${since}), then download the result CSV and give it to credaudit.`,
    `${auditQuery(athenaDialect(table, since))};`,
  ].join('\n');
  return { value: { engine: 'athena', sql, since } };
}

/** The CREATE statement: the fields the query reads, typed as in AWS's CloudTrail table, plus assumedRoot. */
export function athenaTable(table: string, location: string, accounts: readonly string[], regions: readonly string[], since: string): string {
  const template = `${location}\${account}/CloudTrail/\${region}/\${day}`;
  const props: Array<[string, string]> = [
    ['projection.enabled', 'true'],
    ['projection.account.type', 'enum'],
    ['projection.account.values', accounts.join(',')],
    ['projection.region.type', 'enum'],
    ['projection.region.values', regions.join(',')],
    ['projection.day.type', 'date'],
    ['projection.day.format', 'yyyy/MM/dd'],
    ['projection.day.range', `${since.replace(/-/g, '/')},NOW`],
    ['projection.day.interval', '1'],
    ['projection.day.interval.unit', 'DAYS'],
    ['storage.location.template', template],
  ];
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS ${table} (`,
    '  eventversion STRING,',
    '  useridentity STRUCT<',
    '    type: STRING, principalid: STRING, arn: STRING, accountid: STRING, invokedby: STRING,',
    '    accesskeyid: STRING, username: STRING,',
    '    sessioncontext: STRUCT<attributes: STRUCT<mfaauthenticated: STRING, creationdate: STRING>, assumedroot: STRING>>,',
    '  eventtime STRING, eventsource STRING, eventname STRING, awsregion STRING, sourceipaddress STRING,',
    '  useragent STRING, errorcode STRING, errormessage STRING, requestparameters STRING,',
    '  responseelements STRING, additionaleventdata STRING, eventid STRING, eventtype STRING,',
    '  recipientaccountid STRING',
    ')',
    'PARTITIONED BY (account STRING, region STRING, day STRING)',
    "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'",
    "STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'",
    "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
    `LOCATION ${literal(location)}`,
    'TBLPROPERTIES (',
    props.map(([k, v]) => `  ${literal(k)} = ${literal(v)}`).join(',\n'),
    ')',
  ].join('\n');
}

function lake(p: SqlParams, days: number): Parsed<GeneratedSql> {
  const raw = (p.eventDataStore ?? '').trim();
  if (raw === '') return { problem: 'Give the event data store (its id, or its ARN), e.g. --event-data-store EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE.' };
  const id = raw.startsWith('arn:') ? raw.slice(raw.lastIndexOf('/') + 1) : raw;
  if (!EDS_ID_RE.test(id)) return { problem: `"${raw}" is not an event data store id or ARN.` };
  const since = sinceDay(p.now, days);
  const sql = [
    `-- credaudit: root activity and coverage from CloudTrail Lake (event data store ${id}), days since ${since}.`,
    `-- Run it (console Query editor, or aws cloudtrail start-query --query-statement file://query.sql),`,
    `-- then save the result (aws cloudtrail get-query-results --query-id ID --output json > result.json, or the`,
    `-- console's download) and give it to credaudit. Lake's documented SQL schema lists no`,
    `-- sessionContext.assumedRoot, so this query does not read it: events of privileged root task sessions`,
    `-- come back as root events without that label (the AssumeRoot calls that opened them are listed).`,
    `${auditQuery(lakeDialect(id, since))};`,
  ].join('\n');
  return { value: { engine: 'lake', sql, since } };
}

function duckdb(p: SqlParams, days: number): Parsed<GeneratedSql> {
  const dir = (p.path ?? '').trim().replace(/[\\/]+$/, '');
  if (dir === '') return { problem: 'Give the local folder that holds the trail (e.g. --path ./AWSLogs).' };
  const out = (p.out ?? DEFAULT_DUCKDB_OUT).trim();
  if (/[\u0000\n\r]/.test(dir + out)) return { problem: 'Paths cannot contain line breaks or NUL characters.' };
  const since = days === 0 ? undefined : sinceDay(p.now, days);
  const query = auditQuery(duckdbDialect(`${dir}/**/*.json.gz`, since));
  const sql = [
    `-- credaudit: root activity and coverage from the trail files under ${dir}${since !== undefined ? `, days since ${since}` : ''}, for DuckDB.`,
    `-- Run it with: duckdb < query.sql   (it writes ${out}; give that file to credaudit).`,
    `COPY (\n${query}\n) TO ${literal(out)} (FORMAT csv, HEADER);`,
  ].join('\n');
  return { value: { engine: 'duckdb', sql, ...(since !== undefined ? { since } : {}) } };
}

/** The SQL for one engine, or the sentence that says which parameter is missing or wrong. */
export function generateSql(engine: string, params: SqlParams): Parsed<GeneratedSql> {
  if (!(SQL_ENGINES as readonly string[]).includes(engine)) return { problem: `The engine must be one of ${SQL_ENGINES.join(', ')}.` };
  const e = engine as SqlEngine;
  const days = checkDays(params.days, e);
  if ('problem' in days) return days;
  if (e === 'athena') return athena(params, days.value);
  if (e === 'lake') return lake(params, days.value);
  return duckdb(params, days.value);
}
