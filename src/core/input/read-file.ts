// One file, end to end: size limits -> bytes -> SHA-256 -> decode (gzip, BOM, UTF-8 / UTF-16) ->
// reader table -> InputRead. Never throws: an unreadable, undecodable, too large, empty or unknown
// file is a problem in the result.
import { sha256Hex } from '../evidence/hash';
import { clip } from '../text';
import type { AuditInput } from '../types';
import { decodeBytes, DecodeError, MAX_GUNZIP_BYTES, megabytes, type Gunzip } from './decode';
import { inputRead, InputText, type InputRead } from './reader';
import { readInput } from './readers';
import { pushAll } from '../arrays';

export interface ReadFileOptions {
  /** Minutes east of UTC for console CSV times without a zone; undefined when the offset given was not valid. */
  naiveTimeOffsetMinutes: number | undefined;
  /** Host-supplied gunzip (e.g. Node's zlib in the CLI); default DecompressionStream. */
  gunzip?: Gunzip;
  /** Largest file, plain or once decompressed, in bytes (default MAX_GUNZIP_BYTES). */
  maxFileBytes?: number;
  /** What is left of the limit for all files together, and that limit, in bytes (default: no such limit). */
  total?: { remaining: number; limit: number };
}

export interface FileRead extends InputRead {
  /** Bytes read and their SHA-256 (hex); absent when the file could not be read at all. */
  bytes?: number;
  sha256?: string;
  /** Bytes decoded (after gunzip): what counts against the limit for all files together. */
  decodedBytes?: number;
}

const ENCODING_NAME = { 'utf-16le': 'UTF-16 little-endian', 'utf-16be': 'UTF-16 big-endian' } as const;

/** A size in GB from 1 GB up, else in MB. */
const sizeText = (bytes: number): string => (bytes >= 1073741824 ? `${Number((bytes / 1073741824).toFixed(2))} GB` : megabytes(bytes));

export async function readInputFile(file: AuditInput, opts: ReadFileOptions): Promise<FileRead> {
  const failed = (message: string, problems: InputRead['problems'] = []): InputRead =>
    inputRead('unknown', 'unknown', [...problems, { input: file.name, severity: 'error', message }]);
  const maxFile = opts.maxFileBytes ?? MAX_GUNZIP_BYTES;
  const total = opts.total;
  const overTotal = (): string =>
    total ? `Reading it would pass the limit of ${sizeText(total.limit)} for all files together (${megabytes(Math.max(0, total.remaining))} left); it was not read.` : '';
  // Refused before reading: a 2 GB file read into memory is what the limit is there to prevent.
  if (file.size > maxFile) return failed(`The file is ${megabytes(file.size)}, more than the limit of ${megabytes(maxFile)} per file; it was not read.`);
  if (total && file.size > total.remaining) return failed(overTotal());
  let bytes: Uint8Array;
  try {
    bytes = await file.read();
  } catch (e) {
    return failed(`Could not be read: ${clip(e instanceof Error ? e.message : String(e), 200)}`);
  }
  const known = { bytes: bytes.byteLength, sha256: await sha256Hex(bytes) };
  const warnings: InputRead['problems'] = [];
  try {
    let decoded;
    const limitedByTotal = total !== undefined && total.remaining < maxFile;
    try {
      decoded = await decodeBytes(bytes, limitedByTotal ? Math.max(0, total.remaining) : maxFile, opts.gunzip);
    } catch (e) {
      if (limitedByTotal && e instanceof DecodeError) return { ...known, ...failed(overTotal()) };
      return { ...known, ...failed(`The file ${e instanceof DecodeError ? e.message : 'could not be read'}.`) };
    }
    if (decoded.encoding !== 'utf-8') {
      warnings.push({ input: file.name, severity: 'info', message: `The file is ${ENCODING_NAME[decoded.encoding]} text (its byte-order mark says so, as in Excel's "Unicode text"); it was decoded as such.` });
    }
    if (decoded.invalidUtf8 > 0) {
      const what = decoded.encoding === 'utf-8' ? 'UTF-8' : ENCODING_NAME[decoded.encoding];
      warnings.push({ input: file.name, severity: 'warning', message: `${decoded.invalidUtf8} byte sequence(s) are not valid ${what}; they were replaced with U+FFFD.` });
    }
    const counted = { ...known, decodedBytes: decoded.decodedBytes };
    if (decoded.text.trim() === '') return { ...counted, ...failed('The file is empty.', warnings) };
    const ctx = { naiveTimeOffsetMinutes: opts.naiveTimeOffsetMinutes, gzip: decoded.gzip, ...(file.lastModified !== undefined ? { lastModified: file.lastModified } : {}) };
    const read = await readInput(new InputText(decoded.text, file.name), ctx);
    if (warnings.length > 0) read.problems = pushAll(warnings, read.problems);
    return { ...counted, ...read };
  } catch (e) {
    // A reader that throws is a bug; the batch still goes on without this file.
    return { ...known, ...failed(`Could not be read: ${clip(e instanceof Error ? e.message : String(e), 200)}`, warnings) };
  }
}
