// ReadAhead: reads dispatched ahead are handed out in input order and only when they are the read
// asked for; everything else is read here; an abort rejects the read being waited for at once.
import { describe, expect, it } from 'vitest';
import type { AuditInput } from '../types';
import { ReadAhead, ReadCancelled, type ReadAheadTask } from './read-ahead';
import { readInputFile, type FileRead, type ReadFileOptions } from './read-file';

const enc = new TextEncoder();
const trail = (id: string) => enc.encode(JSON.stringify({ Records: [{ eventVersion: '1.10', eventTime: '2026-11-01T00:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', eventID: id, userIdentity: { type: 'Root', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:root' }, recipientAccountId: '111122223333' }] }));
const input = (name: string, bytes: Uint8Array): AuditInput => ({ name, size: bytes.byteLength, lastModified: 1, read: async () => bytes });
const OPTS: ReadFileOptions = { naiveTimeOffsetMinutes: 0 };
const taskOf = (i: AuditInput): ReadAheadTask => ({ name: i.name, size: i.size, lastModified: 1, naiveTimeOffsetMinutes: 0, maxFileBytes: undefined });

describe('ReadAhead', () => {
  it('hands out the dispatched reads in input order, the same as readInputFile, keeping at most inFlight ahead of the one waited for', async () => {
    const inputs = ['a', 'b', 'c', 'd', 'e'].map((n) => input(`${n}.json`, trail(n)));
    const dispatched: string[] = [];
    let most = 0;
    let open = 0;
    const ahead = new ReadAhead(inputs, taskOf, async (task) => {
      dispatched.push(task.name);
      most = Math.max(most, ++open);
      const read = await readInputFile(inputs.find((i) => i.name === task.name) as AuditInput, OPTS);
      open--;
      return read;
    }, 2);
    expect(dispatched).toEqual(['a.json', 'b.json']);
    for (const i of inputs) {
      const got = await ahead.readFile(i, OPTS);
      expect(got).toEqual(await readInputFile(i, OPTS));
    }
    expect(dispatched).toEqual(['a.json', 'b.json', 'c.json', 'd.json', 'e.json']);
    expect(most).toBe(3); // the one waited for and two ahead
    expect(ahead.counts).toEqual({ fromWorkers: 5, here: 0 });
  });

  it('reads here what was not dispatched, what came back undefined, and a read asked with other options', async () => {
    const inputs = ['a', 'b', 'c'].map((n) => input(`${n}.json`, trail(n)));
    const ahead = new ReadAhead(inputs, (i) => (i.name === 'b.json' ? undefined : taskOf(i)), async (task) => (task.name === 'c.json' ? undefined : readInputFile(inputs[0] as AuditInput, OPTS)), 4);
    await ahead.readFile(inputs[0] as AuditInput, { naiveTimeOffsetMinutes: 60 }); // another offset: not the dispatched read
    await ahead.readFile(inputs[1] as AuditInput, OPTS); // not dispatched
    const c = await ahead.readFile(inputs[2] as AuditInput, OPTS); // dispatch gave nothing back
    expect(c.content?.type === 'cloudtrail' && c.content.file.rootEvents.map((e) => e.eventId)).toEqual(['c']);
    expect(ahead.counts).toEqual({ fromWorkers: 0, here: 3 });
  });

  it('does not read ahead past aheadBytes (but always the next file)', async () => {
    const inputs = ['a', 'b', 'c'].map((n) => input(`${n}.json`, trail(n)));
    const dispatched: string[] = [];
    new ReadAhead(inputs, taskOf, async (task) => {
      dispatched.push(task.name);
      return undefined;
    }, 10, (inputs[0] as AuditInput).size + 1);
    expect(dispatched).toEqual(['a.json']);
  });

  it('abort: the read being waited for rejects with ReadCancelled at once, and so does every later one', async () => {
    const inputs = ['a', 'b'].map((n) => input(`${n}.json`, trail(n)));
    const never = new Promise<FileRead | undefined>(() => undefined);
    const ahead = new ReadAhead(inputs, taskOf, () => never, 2);
    const waiting = ahead.readFile(inputs[0] as AuditInput, OPTS);
    ahead.abort();
    await expect(waiting).rejects.toBeInstanceOf(ReadCancelled);
    await expect(ahead.readFile(inputs[1] as AuditInput, OPTS)).rejects.toBeInstanceOf(ReadCancelled);
  });
});
