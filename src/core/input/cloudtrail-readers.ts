// CloudTrail readers: one per shape of cloudtrail/detect.ts, in that table's order. Digest files
// are recognised (so they are not "unknown") and skipped: they hold hashes, no events.
import { CLOUDTRAIL_SHAPES, FORMAT, type CloudTrailShape } from '../cloudtrail/detect';
import type { CloudTrailFileResult } from '../cloudtrail/model';
import { parseCloudTrailBytes, readCloudTrail } from '../cloudtrail/read';
import { defineReader, inputRead, type InputReader, type InputRead, type ReadContext, type InputText } from './reader';

async function readTrail(s: InputText, format: string, ctx: ReadContext): Promise<InputRead> {
  return trailRead(await readCloudTrail(s.text, s.name, format, { naiveTimeOffsetMinutes: ctx.naiveTimeOffsetMinutes }), ctx);
}

/**
 * What readTrail returns for the text these bytes decode to, read from the bytes (a shape of
 * BYTE_READ_FORMATS); undefined when they must be decoded and read as text.
 */
export function readTrailBytes(bytes: Uint8Array, name: string, format: string, ctx: ReadContext): InputRead | undefined {
  const r = parseCloudTrailBytes(bytes, name, format);
  return r && trailRead(r, ctx);
}

function trailRead(r: CloudTrailFileResult, ctx: ReadContext): InputRead {
  const out = inputRead('cloudtrail', ctx.gzip ? `${r.format}+gzip` : r.format, r.problems);
  out.records = r.records;
  out.skipped = r.skipped;
  out.accountIds = [...r.coverage.keys()].filter((a): a is string => a !== null).sort();
  out.content = { type: 'cloudtrail', file: r };
  return out;
}

/** Reader ids are this prefix and the shape's format name. */
export const CLOUDTRAIL_READER_PREFIX = 'cloudtrail/';

const readDigest = (s: InputText): InputRead =>
  inputRead('ignored', FORMAT.digest, [{ input: s.name, severity: 'info', message: 'CloudTrail digest file (integrity hashes, no events): skipped.' }]);

const shapeReader = (shape: CloudTrailShape): InputReader =>
  defineReader<true>({
    id: `${CLOUDTRAIL_READER_PREFIX}${shape.format}`,
    kind: shape.format === FORMAT.digest ? 'ignored' : 'cloudtrail',
    purpose: 'audit',
    detect: (s) => shape.detect(s.cloudTrailHead, s.quoted) || undefined,
    read: (s, _match, ctx) => (shape.format === FORMAT.digest ? readDigest(s) : readTrail(s, shape.format, ctx)),
  });

/** Every CloudTrail shape, in detection order. */
export const CLOUDTRAIL_READERS: readonly InputReader[] = CLOUDTRAIL_SHAPES.map(shapeReader);
