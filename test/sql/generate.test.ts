// credaudit's SQL (src/core/sql/): one template for Athena, CloudTrail Lake and DuckDB, the dialect
// differences pinned, parameters checked before they reach a SQL literal.
import { describe, expect, it } from 'vitest';
import { athenaDialect, duckdbDialect, lakeDialect, type Dialect, type EventColumn } from '../../src/core/sql/dialects';
import { DEFAULT_REGIONS, generateSql, type SqlParams } from '../../src/core/sql/generate';
import { RESULT_COLUMNS } from '../../src/core/sql/result-columns';
import { auditQuery } from '../../src/core/sql/template';

const NOW = Date.parse('2026-05-01T10:00:00Z');
const EDS = 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE';
const ATHENA: SqlParams = { bucket: 'my-org-trail', orgId: 'o-a1b2c3d4e5', accounts: ['111122223333', '444455556666'], now: NOW };

const EVENT_COLUMNS = RESULT_COLUMNS.map((c) => c.name).filter((n) => !['credaudit_row', 'first_event', 'last_event', 'event_count'].includes(n)) as EventColumn[];

/** A dialect whose every part is a marker: the template's output with it is the query's skeleton. */
function symbolic(engine: Dialect['engine']): Dialect {
  const field = Object.fromEntries(EVENT_COLUMNS.map((c) => [c, `⟨${c}⟩`])) as Record<EventColumn, string>;
  return {
    engine,
    from: '⟨from⟩',
    since: '⟨since⟩',
    field,
    parseTime: (x) => `⟨parseTime ${x}⟩`,
    formatTime: (x) => `⟨formatTime ${x}⟩`,
    timeText: (x) => `⟨timeText ${x}⟩`,
    dayOf: (x) => `⟨dayOf ${x}⟩`,
    isAccountId: (x) => `⟨isAccountId ${x}⟩`,
  };
}

/** The skeleton with a real dialect's words put in (innermost markers first). */
function render(skeleton: string, d: Dialect): string {
  let s = skeleton;
  for (const c of EVENT_COLUMNS) s = s.split(`⟨${c}⟩`).join(d.field[c]);
  s = s.split('⟨from⟩').join(d.from).split('⟨since⟩').join(d.since ?? '');
  const fns: Array<[string, (x: string) => string]> = [
    ['parseTime', d.parseTime],
    ['formatTime', d.formatTime],
    ['timeText', d.timeText],
    ['dayOf', d.dayOf],
    ['isAccountId', d.isAccountId],
  ];
  // Markers nest (formatTime of parseTime): replace the innermost, those without another marker inside.
  for (let again = true; again; ) {
    again = false;
    for (const [name, fn] of fns) {
      const re = new RegExp(`⟨${name} ([^⟨⟩]*)⟩`, 'g');
      const next = s.replace(re, (_m, inner: string) => fn(inner));
      if (next !== s) {
        s = next;
        again = true;
      }
    }
  }
  return s;
}

const REAL: Dialect[] = [athenaDialect('credaudit_cloudtrail', '2026-01-30'), lakeDialect(EDS, '2026-01-30'), duckdbDialect('/logs/**/*.json.gz', '2026-01-30')];

describe('one template, three dialects', () => {
  it('the template has no engine-specific branch: its skeleton is the same whatever the engine', () => {
    const skeletons = (['athena', 'lake', 'duckdb'] as const).map((e) => auditQuery(symbolic(e)));
    expect(skeletons[1]).toBe(skeletons[0]);
    expect(skeletons[2]).toBe(skeletons[0]);
    // Two SELECTs joined by UNION ALL, no WITH (Lake's grammar), ordered for reproducible output.
    expect((skeletons[0] as string).match(/^SELECT$/gm)).toHaveLength(2);
    expect(skeletons[0]).toContain('\nUNION ALL\n');
    expect(skeletons[0]).not.toMatch(/\bWITH\b/);
    expect(skeletons[0]).toMatch(/\nORDER BY credaudit_row, recipientaccountid, awsregion, eventtime, first_event$/);
  });

  it.each(REAL.map((d) => [d.engine, d] as const))('%s: the query is the skeleton with only the dialect words put in', (_e, d) => {
    expect(auditQuery(d)).toBe(render(auditQuery(symbolic(d.engine)), d));
  });

  it('both SELECTs give every result column, in the documented order', () => {
    const q = auditQuery(REAL[0] as Dialect);
    const [events, coverage] = q.split('\nUNION ALL\n') as [string, string];
    for (const part of [events, coverage]) {
      const names = [...part.matchAll(/ AS ([a-z_]+),?$/gm)].map((m) => m[1]);
      expect(names).toEqual(RESULT_COLUMNS.map((c) => c.name));
    }
  });

  it.each<[string, number, string[]]>([
    [
      'athena',
      0,
      [
        "json_extract_scalar(additionaleventdata, '$.MFAUsed') AS mfaused",
        "json_extract_scalar(responseelements, '$.ConsoleLogin') AS consolelogin",
        "json_extract_scalar(requestparameters, '$.taskPolicyArn.arn') AS taskpolicyarn",
        'useridentity.sessioncontext.assumedroot AS assumedroot',
        'FROM credaudit_cloudtrail\n',
        "WHERE day >= '2026/01/30'",
        'to_iso8601(min(try(from_iso8601_timestamp(eventtime)))) AS first_event',
        "regexp_like(recipientaccountid, '^[0-9]{12}$')",
      ],
    ],
    [
      'lake',
      1,
      [
        "element_at(additionalEventData, 'MFAUsed') AS mfaused",
        "element_at(responseElements, 'ConsoleLogin') AS consolelogin",
        "element_at(requestParameters, 'taskPolicyArn') AS taskpolicyarn",
        'CAST(NULL AS varchar) AS assumedroot',
        `FROM ${EDS}\n`,
        "WHERE eventTime >= '2026-01-30 00:00:00'",
        'min(eventTime) AS first_event',
        "CAST(eventTime AS varchar)",
      ],
    ],
    [
      'duckdb',
      2,
      [
        "json_extract_string(r, '$.additionalEventData.MFAUsed') AS mfaused",
        "json_extract_string(r, '$.userIdentity.sessionContext.assumedRoot') AS assumedroot",
        "FROM (SELECT unnest(Records) AS r FROM read_json('/logs/**/*.json.gz', columns = {'Records': 'JSON[]'}, format = 'auto', records = true, maximum_object_size = 1073741824)) AS records",
        "WHERE json_extract_string(r, '$.eventTime') >= '2026-01-30T00:00:00Z'",
        "strftime(min(timezone('UTC', try_cast(json_extract_string(r, '$.eventTime') AS TIMESTAMPTZ))), '%Y-%m-%dT%H:%M:%S.%gZ') AS first_event",
        "regexp_full_match(json_extract_string(r, '$.recipientAccountId'), '[0-9]{12}')",
      ],
    ],
  ])('%s: the dialect details', (_engine, i, parts) => {
    const q = auditQuery(REAL[i] as Dialect);
    for (const p of parts) expect(q).toContain(p);
  });

  it('the distinct event count and root filter are the same words in every engine', () => {
    for (const d of REAL) {
      const q = auditQuery(d);
      expect(q).toContain(`count(DISTINCT CASE WHEN ${d.field.eventid} IS NOT NULL THEN concat(${d.field.eventid}, '|', coalesce(${d.field.eventname}, ''), '|', ${d.timeText(d.field.eventtime)}) END) + count(*) - count(${d.field.eventid}) AS event_count`);
      expect(q).toContain(`(${d.field.useridentity_type} = 'Root' OR (${d.field.eventname} = 'AssumeRoot' AND ${d.field.eventsource} LIKE 'sts.%'))`);
    }
  });
});

describe('generateSql: Athena', () => {
  it('a table with partition projection over the organization trail layout, then the query', () => {
    const r = generateSql('athena', ATHENA);
    if (!('value' in r)) throw new Error(r.problem);
    const sql = r.value.sql;
    expect(r.value.since).toBe('2026-01-30'); // 91 days before 2026-05-01T10:00Z falls on 2026-01-30
    expect(sql).toContain('CREATE EXTERNAL TABLE IF NOT EXISTS credaudit_cloudtrail (');
    expect(sql).toContain("LOCATION 's3://my-org-trail/AWSLogs/o-a1b2c3d4e5/'");
    expect(sql).toContain("'storage.location.template' = 's3://my-org-trail/AWSLogs/o-a1b2c3d4e5/${account}/CloudTrail/${region}/${day}'");
    expect(sql).toContain("'projection.account.values' = '111122223333,444455556666'");
    expect(sql).toContain(`'projection.region.values' = '${DEFAULT_REGIONS.join(',')}'`);
    expect(sql).toContain("'projection.day.range' = '2026/01/30,NOW'");
    expect(sql).toContain("'projection.day.format' = 'yyyy/MM/dd'");
    expect(sql).toContain('sessioncontext: STRUCT<attributes: STRUCT<mfaauthenticated: STRING, creationdate: STRING>, assumedroot: STRING>>');
    expect(sql.match(/;$/gm)).toHaveLength(2);
    expect(sql).toContain(auditQuery(athenaDialect('credaudit_cloudtrail', '2026-01-30')));
  });

  it('an account trail (no org id), a key prefix, own regions, days and table', () => {
    const r = generateSql('athena', { bucket: 's3://logs.example/trail/', accounts: ['111122223333'], regions: ['us-east-1', 'eu-west-1'], days: 30, table: 'audit.ct', now: NOW });
    if (!('value' in r)) throw new Error(r.problem);
    expect(r.value.sql).toContain("LOCATION 's3://logs.example/trail/AWSLogs/'");
    expect(r.value.sql).toContain("'s3://logs.example/trail/AWSLogs/${account}/CloudTrail/${region}/${day}'");
    expect(r.value.sql).toContain("'projection.region.values' = 'us-east-1,eu-west-1'");
    expect(r.value.sql).toContain("'projection.day.range' = '2026/04/01,NOW'");
    expect(r.value.sql).toContain('CREATE EXTERNAL TABLE IF NOT EXISTS audit.ct (');
    expect(r.value.sql).toContain("FROM audit.ct\nWHERE day >= '2026/04/01'");
  });

  it.each<[string, Partial<SqlParams>, string]>([
    ['no bucket', { bucket: '' }, 'Give the bucket the trail delivers to'],
    ['a quote in the bucket', { bucket: "b'; DROP TABLE x; --" }, 'is not an S3 bucket name'],
    ['a quote in the prefix', { bucket: "bucket/pre'fix" }, `"pre'fix" is not a key prefix credaudit accepts`],
    ['a bad org id', { orgId: 'o-ABC' }, '"o-ABC" is not an organization id'],
    ['no accounts', { accounts: [] }, "Athena's partition projection reads only the accounts it lists"],
    ['a bad account', { accounts: ['111122223333', '12345'] }, 'Not 12-digit account ids: 12345.'],
    ['a bad region', { regions: ["us-east-1'"] }, "Not region names: us-east-1'."],
    ['a bad table', { table: 'x; DROP' }, '"x; DROP" is not a table name Athena accepts'],
    ['days 0', { days: 0 }, 'Days must be a whole number from 1 to 36500.'],
    ['days 1.5', { days: 1.5 }, 'Days must be a whole number from 1 to 36500.'],
  ])('%s: a problem, no SQL', (_name, change, problem) => {
    const r = generateSql('athena', { ...ATHENA, ...change });
    expect('problem' in r && r.problem).toContain(problem);
  });
});

describe('generateSql: CloudTrail Lake and DuckDB', () => {
  it('Lake takes the event data store id, or its ARN', () => {
    for (const eds of [EDS, `arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/${EDS}`]) {
      const r = generateSql('lake', { eventDataStore: eds, now: NOW });
      if (!('value' in r)) throw new Error(r.problem);
      expect(r.value.sql).toContain(`FROM ${EDS}\nWHERE eventTime >= '2026-01-30 00:00:00'`);
      expect(r.value.sql.match(/;$/gm)).toHaveLength(1);
    }
    expect(generateSql('lake', { now: NOW })).toEqual({ problem: expect.stringContaining('Give the event data store') });
    expect(generateSql('lake', { eventDataStore: 'x y', now: NOW })).toEqual({ problem: '"x y" is not an event data store id or ARN.' });
  });

  it('DuckDB writes the result with COPY; days 0 reads every file; quotes in paths are doubled', () => {
    const r = generateSql('duckdb', { path: "/data/it's trail/", out: "/tmp/o'ut.csv", days: 0, now: NOW });
    if (!('value' in r)) throw new Error(r.problem);
    expect(r.value.since).toBeUndefined();
    expect(r.value.sql).toContain("read_json('/data/it''s trail/**/*.json.gz'");
    expect(r.value.sql).toMatch(/\n\) TO '\/tmp\/o''ut\.csv' \(FORMAT csv, HEADER\);$/);
    expect(r.value.sql).not.toContain("WHERE json_extract_string(r, '$.eventTime') >=");
    const limited = generateSql('duckdb', { path: 'logs', days: 7, now: NOW });
    expect('value' in limited && limited.value.sql).toContain("WHERE json_extract_string(r, '$.eventTime') >= '2026-04-24T00:00:00Z'");
    expect('value' in limited && limited.value.sql).toContain("TO 'credaudit-query-result.csv'");
    expect(generateSql('duckdb', { now: NOW })).toEqual({ problem: 'Give the local folder that holds the trail (e.g. --path ./AWSLogs).' });
  });

  it('an unknown engine is a problem', () => {
    expect(generateSql('bigquery', { now: NOW })).toEqual({ problem: 'The engine must be one of athena, lake, duckdb.' });
  });
});
