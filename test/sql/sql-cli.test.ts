// `credaudit sql …` through the CLI's run(): SQL on stdout and exit 0, or the problem on stderr and exit 2.
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main';

const NOW = Date.parse('2026-05-01T10:00:00Z');

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, NOW, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('credaudit sql', () => {
  it('athena: the table and the query, exit 0', async () => {
    const r = await cli(['sql', 'athena', '--bucket', 'my-org-trail', '--org-id', 'o-a1b2c3d4e5', '--accounts', '111122223333, 444455556666', '--regions', 'us-east-1,eu-west-1', '--days', '30']);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toContain("'projection.account.values' = '111122223333,444455556666'");
    expect(r.out).toContain("'projection.region.values' = 'us-east-1,eu-west-1'");
    expect(r.out).toContain("WHERE day >= '2026/04/01'");
  });

  it('lake and duckdb', async () => {
    const lake = await cli(['sql', 'lake', '--event-data-store', 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE']);
    expect(lake.code).toBe(0);
    expect(lake.out).toContain("FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE\nWHERE eventTime >= '2026-01-30 00:00:00'");
    const duck = await cli(['sql', 'duckdb', '--path', 'trail', '--out', 'r.csv', '--days', '0']);
    expect(duck.code).toBe(0);
    expect(duck.out).toContain("read_json('trail/**/*.json.gz'");
    expect(duck.out).toContain(") TO 'r.csv' (FORMAT csv, HEADER);");
  });

  it.each<[string[], string]>([
    [['sql'], 'credaudit sql: name one engine: athena, lake, duckdb'],
    [['sql', 'athena', 'lake'], 'credaudit sql: name one engine: athena, lake, duckdb'],
    [['sql', 'bigquery'], 'credaudit sql bigquery: The engine must be one of athena, lake, duckdb.'],
    [['sql', 'athena', '--bucket', 'b'], 'credaudit sql athena: "b" is not an S3 bucket name'],
    [['sql', 'athena', '--bucket', 'bucket-1'], "credaudit sql athena: Athena's partition projection reads only the accounts it lists"],
    [['sql', 'duckdb', '--path', 'x', '--days', 'ten'], 'credaudit sql: --days takes a whole number of days, not "ten"'],
    [['sql', 'lake', '--nope'], "credaudit sql: Unknown option '--nope'"],
  ])('%j: exit 2 and why, nothing on stdout', async (args, why) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.startsWith(why)).toBe(true);
  });

  it('--help: the sql usage, exit 0', async () => {
    const r = await cli(['sql', '--help']);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('Usage: credaudit sql athena --bucket BUCKET[/PREFIX]')).toBe(true);
  });
});
