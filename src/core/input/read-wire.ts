// A file read by a pool worker (the CLI's worker threads, the page's Web Workers), as plain data
// for postMessage, and back. Structured clone keeps Maps, Sets and typed arrays but not classes:
// the coverage lists (TimeList, KeyList) travel as their typed array and length (the arrays'
// buffers are transferred, not copied) and are rebuilt here. Only what a CloudTrail file (or a
// file with no content) yields is sent; any other content (a credential report, an evidence file)
// is read again on the reading thread, where no class can be lost.
import { KeyList, TimeList } from '../cloudtrail/coverage';
import type { Coverage } from '../cloudtrail/model';
import type { FileRead } from './read-file';

type WireList = { list: 'time'; data: Float64Array<ArrayBuffer> | Uint32Array<ArrayBuffer>; length: number } | { list: 'key'; data: Uint32Array<ArrayBuffer>; length: number };
type WireCoverage = Record<string, unknown>;

/** A FileRead whose CloudTrail coverage lists are plain data. */
export type WireRead = FileRead;

/** The read as plain data plus the buffers to transfer; undefined when its content is not sent (read it here). */
export function toWire(read: FileRead): { read: WireRead; transfer: ArrayBuffer[] } | undefined {
  if (read.content === undefined) return { read, transfer: [] };
  if (read.content.type !== 'cloudtrail') return undefined;
  const transfer: ArrayBuffer[] = [];
  const coverage = new Map<string | null, WireCoverage>();
  for (const [account, cov] of read.content.file.coverage) {
    const plain: WireCoverage = {};
    for (const [k, v] of Object.entries(cov)) {
      if (v instanceof TimeList) {
        plain[k] = { list: 'time', data: v.data, length: v.length } satisfies WireList;
        transfer.push(v.data.buffer as ArrayBuffer);
      } else if (v instanceof KeyList) {
        plain[k] = { list: 'key', data: v.data, length: v.length } satisfies WireList;
        transfer.push(v.data.buffer as ArrayBuffer);
      } else plain[k] = v;
    }
    coverage.set(account, plain);
  }
  const file = { ...read.content.file, coverage: coverage as unknown as Map<string | null, Coverage> };
  return { read: { ...read, content: { type: 'cloudtrail', file } }, transfer };
}

const isWireList = (v: unknown): v is WireList => typeof v === 'object' && v !== null && 'list' in v && ((v as WireList).list === 'time' || (v as WireList).list === 'key');

/** The worker's read with its coverage lists rebuilt (the inverse of toWire). */
export function fromWire(read: WireRead): FileRead {
  if (read.content?.type !== 'cloudtrail') return read;
  for (const cov of read.content.file.coverage.values()) {
    const fields = cov as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(fields)) {
      if (!isWireList(v)) continue;
      if (v.list === 'time') fields[k] = TimeList.of(v.data, v.length);
      else {
        const keys = new KeyList();
        keys.data = v.data;
        keys.length = v.length;
        fields[k] = keys;
      }
    }
  }
  return read;
}
