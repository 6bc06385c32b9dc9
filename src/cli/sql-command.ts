// `credaudit sql athena|lake|duckdb …`: prints the SQL (src/core/sql/generate.ts) that computes, where
// the logs live, what the CloudTrail checks need; its result file is then an input like any other.
import { parseArgs } from 'node:util';
import { DEFAULT_ATHENA_TABLE, DEFAULT_DUCKDB_OUT, DEFAULT_SQL_DAYS, generateSql, splitList, SQL_ENGINES, type SqlParams } from '../core/sql/generate';

export const SQL_USAGE = `Usage: credaudit sql athena --bucket BUCKET[/PREFIX] [--org-id o-…] --accounts ID,ID… [--regions R,R…]
                       [--table ${DEFAULT_ATHENA_TABLE}] [--days ${DEFAULT_SQL_DAYS}]
       credaudit sql lake --event-data-store ID|ARN [--days ${DEFAULT_SQL_DAYS}]
       credaudit sql duckdb --path DIR [--out ${DEFAULT_DUCKDB_OUT}] [--days N|0]

Prints one SQL statement that finds, where the logs are, every root event (and sts:AssumeRoot
call) with the fields the CloudTrail checks read, plus per account, region and UTC day the first
and last event time and the number of events of any identity (so holes in the logs show). Run it
in Amazon Athena (a CREATE TABLE with partition projection over the trail bucket, then the query),
CloudTrail Lake, or DuckDB over a local folder of *.json.gz files, and give the result file (CSV or
JSON) to credaudit: the same checks run on it.

  --bucket            the bucket the (organization) trail delivers to; bucket/prefix with a key prefix
  --org-id            organization id: the trail writes under AWSLogs/o-…/ACCOUNT/
  --accounts          member account ids (Athena reads only the accounts listed)
  --regions           regions to read (default: every commercial region)
  --table             Athena table name (database.table allowed)
  --event-data-store  CloudTrail Lake event data store id or ARN
  --path              DuckDB: the folder holding the trail's files
  --out               DuckDB: the result file COPY writes
  --days              days back from today to read (default ${DEFAULT_SQL_DAYS}: the 90-day window and a day; DuckDB 0 = all)

Exit codes: 0 printed, 2 a usage error.`;

export function runSql(argv: string[], now: number, io: { out: (s: string) => void; err: (s: string) => void }): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        bucket: { type: 'string' },
        'org-id': { type: 'string' },
        accounts: { type: 'string' },
        regions: { type: 'string' },
        table: { type: 'string' },
        'event-data-store': { type: 'string' },
        path: { type: 'string' },
        out: { type: 'string' },
        days: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`credaudit sql: ${e instanceof Error ? e.message : String(e)}\n\n${SQL_USAGE}\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.out(`${SQL_USAGE}\n`);
    return 0;
  }
  const engine = parsed.positionals[0];
  if (engine === undefined || parsed.positionals.length > 1) {
    io.err(`credaudit sql: name one engine: ${SQL_ENGINES.join(', ')}\n\n${SQL_USAGE}\n`);
    return 2;
  }
  const params: SqlParams = { now };
  if (v.days !== undefined) {
    if (!/^\d+$/.test(v.days.trim())) {
      io.err(`credaudit sql: --days takes a whole number of days, not "${v.days}"\n`);
      return 2;
    }
    params.days = Number(v.days.trim());
  }
  if (v.bucket !== undefined) params.bucket = v.bucket;
  if (v['org-id'] !== undefined) params.orgId = v['org-id'];
  if (v.accounts !== undefined) params.accounts = splitList(v.accounts);
  if (v.regions !== undefined) params.regions = splitList(v.regions);
  if (v.table !== undefined) params.table = v.table;
  if (v['event-data-store'] !== undefined) params.eventDataStore = v['event-data-store'];
  if (v.path !== undefined) params.path = v.path;
  if (v.out !== undefined) params.out = v.out;
  const r = generateSql(engine, params);
  if ('problem' in r) {
    io.err(`credaudit sql ${engine}: ${r.problem}\n`);
    return 2;
  }
  io.out(`${r.value.sql}\n`);
  return 0;
}
