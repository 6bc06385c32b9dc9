// Reads one CloudTrail file whose shape detect.ts recognised into a CloudTrailFileResult: every
// record into coverage (any identity), root events and AssumeRoot calls, with problems for what
// could not be used.
//
// - parseCloudTrail(text, ...): synchronous; every shape except a base64-gzip payload, which it
//   reports as a problem.
// - readCloudTrail(text, ...): async; first decodes base64 (and gzip inside it) payloads, such as a
//   CloudWatch Logs subscription payload saved as received or a Lambda `{"awslogs":{"data":...}}`
//   event, then parses. The input reader table calls this one.
import { decodeBase64, gunzip, isGzip, utf8Text } from '../input/decode';
import type { Problem } from '../types';
import { FileCollector, isObject } from './collect';
import { readAthenaCsv, readConsoleCsv } from './csv';
import { detectCloudTrail, FORMAT } from './detect';
import { readJsonText } from './json';
import { readJsonBytes } from './json-bytes';
import type { CloudTrailFileResult } from './model';

export interface ReadCloudTrailOptions {
  /**
   * Minutes east of UTC at which console CSV times without a zone are read; undefined when the
   * offset given was not valid (such times are then skipped, and said so).
   */
  naiveTimeOffsetMinutes: number | undefined;
  /** Every record through JSON.parse, no fast path (the reference the fast paths are tested against). */
  exact?: boolean;
}

function emptyResult(format: string, input: string, problems: Problem[]): CloudTrailFileResult {
  return { format, records: 0, skipped: 0, rootEvents: [], assumeRootCalls: [], coverage: new Map(), problems, limitedFormat: false, input };
}

/** Synchronous parse of one input whose format detectCloudTrail returned. Never throws. */
export function parseCloudTrail(text: string, input: string, format: string, opts: ReadCloudTrailOptions): CloudTrailFileResult {
  const c = new FileCollector(input);
  c.exact = opts.exact === true;
  let name = format;
  try {
    switch (format) {
      case FORMAT.consoleCsv:
        name = readConsoleCsv(text, c, false, opts.naiveTimeOffsetMinutes);
        break;
      case FORMAT.consoleCsvLegacy:
        name = readConsoleCsv(text, c, true, opts.naiveTimeOffsetMinutes);
        break;
      case FORMAT.athenaCsv:
        name = readAthenaCsv(text, c);
        break;
      case FORMAT.digest:
        c.problem({ severity: 'info', message: 'CloudTrail digest file (integrity hashes, no events): skipped.' });
        break;
      case FORMAT.base64: {
        const bytes = decodeBase64(text);
        if (!bytes) {
          c.problem({ severity: 'error', message: 'Looks like base64 but does not decode: not read.' });
          break;
        }
        if (isGzip(bytes)) {
          c.problem({ severity: 'error', message: 'Base64 of gzip (a CloudWatch Logs payload as delivered): it must be decompressed first. The app does this when it reads files; in code call readCloudTrail, which is async.' });
          break;
        }
        const inner = utf8Text(bytes);
        const innerFormat = detectCloudTrail(inner);
        if (!innerFormat || innerFormat === FORMAT.base64) {
          c.problem({ severity: 'error', message: 'Base64 text that does not hold CloudTrail records: not read.' });
          break;
        }
        const r = parseCloudTrail(inner, input, innerFormat, opts);
        return { ...r, format: `${r.format}+base64` };
      }
      default:
        name = readJsonText(text, c, format);
    }
  } catch (e) {
    c.problem({ severity: 'error', message: `CloudTrail reading stopped early: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}` });
  }
  return resultOf(c, name, input);
}

function resultOf(c: FileCollector, format: string, input: string): CloudTrailFileResult {
  c.summarize();
  return {
    format,
    records: c.records,
    skipped: c.skipped,
    rootEvents: c.rootEvents,
    assumeRootCalls: c.assumeRootCalls,
    coverage: c.coverage,
    problems: c.problems,
    limitedFormat: c.limitedFormat,
    input,
  };
}

/** The shapes parseCloudTrailBytes reads (the ones readJsonText reads with the structural scan). */
export const BYTE_READ_FORMATS: ReadonlySet<string> = new Set([FORMAT.s3, FORMAT.json]);

/**
 * parseCloudTrail of the text these bytes decode to, read from the bytes (json-bytes.ts) for a shape of
 * BYTE_READ_FORMATS. Undefined when the bytes are not all ASCII: the caller decodes them and calls parseCloudTrail.
 */
export function parseCloudTrailBytes(bytes: Uint8Array, input: string, format: string): CloudTrailFileResult | undefined {
  const c = new FileCollector(input);
  let name = format;
  try {
    const read = readJsonBytes(bytes, c, format);
    if (read === undefined) return undefined;
    name = read;
  } catch (e) {
    c.problem({ severity: 'error', message: `CloudTrail reading stopped early: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}` });
  }
  return resultOf(c, name, input);
}

/**
 * Decodes base64 / base64-gzip payloads (a CloudWatch Logs subscription payload as delivered, a Lambda
 * `{"awslogs":{"data":...}}` event) and parses; any other shape goes straight to parseCloudTrail.
 */
export async function readCloudTrail(text: string, input: string, format: string, opts: ReadCloudTrailOptions): Promise<CloudTrailFileResult> {
  let b64: string | undefined;
  if (format === FORMAT.base64) b64 = text.trim();
  else if (format === FORMAT.cloudwatchLambda) {
    try {
      const v: unknown = JSON.parse(text);
      const logs = isObject(v) ? v.awslogs : undefined;
      const data = isObject(logs) ? logs.data : undefined;
      if (typeof data === 'string') b64 = data;
    } catch {
      // reported below
    }
    if (b64 === undefined) return emptyResult(format, input, [{ input, severity: 'error', message: 'An "awslogs" event without a readable "data" field: not read.' }]);
  }
  if (b64 === undefined) return parseCloudTrail(text, input, format, opts);
  const bytes = decodeBase64(b64);
  if (!bytes) return emptyResult(format, input, [{ input, severity: 'error', message: 'The base64 payload does not decode: not read.' }]);
  let raw = bytes;
  let how = 'base64';
  if (isGzip(bytes)) {
    try {
      raw = await gunzip(bytes);
      how = 'base64+gzip';
    } catch (e) {
      return emptyResult(format, input, [{ input, severity: 'error', message: `The base64 payload holds gzip that ${e instanceof Error ? e.message : 'does not decompress'}: not read.` }]);
    }
  }
  const inner = utf8Text(raw);
  const innerFormat = detectCloudTrail(inner);
  if (!innerFormat || innerFormat === FORMAT.base64 || innerFormat === FORMAT.cloudwatchLambda) {
    return emptyResult(format, input, [{ input, severity: 'error', message: `The ${how} payload does not hold CloudTrail records: not read.` }]);
  }
  const r = parseCloudTrail(inner, input, innerFormat, opts);
  return { ...r, format: `${r.format}+${how}` };
}
