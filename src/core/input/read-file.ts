// One file, end to end: size limits -> bytes -> SHA-256 -> decode (gzip, BOM, UTF-8 / UTF-16) ->
// reader table -> InputRead. Never throws: an unreadable, undecodable, too large, empty or unknown
// file is a problem in the result.
import { sha256Hex } from '../evidence/hash';
import { clip } from '../text';
import type { AuditInput } from '../types';
import { decodeInflated, DecodeError, inflateBytes, MAX_GUNZIP_BYTES, byteSize, type Gunzip } from './decode';
import { inputRead, InputText, type InputRead, type ReadContext } from './reader';
import { detectInput, readInput } from './readers';
import { CLOUDTRAIL_READER_PREFIX, readTrailBytes } from './cloudtrail-readers';
import { BYTE_READ_FORMATS } from '../cloudtrail/read';
import { ANY_WORD, NOT_ASCII_BIT } from '../cloudtrail/quoted-words';
import { quotedWordsFast } from '../cloudtrail/scan-bytes-wasm';
import { pushAll } from '../arrays';
import { isZip, zipInputs, zipInputsInPlace, type ByteRange } from './zip';

export interface ReadFileOptions {
  /** Minutes east of UTC for console CSV times without a zone; undefined when the offset given was not valid. */
  naiveTimeOffsetMinutes: number | undefined;
  /** Host-supplied gunzip (e.g. Node's zlib in the CLI); default DecompressionStream. */
  gunzip?: Gunzip;
  /** Host-supplied SHA-256 in hex (node:crypto in the CLI); default WebCrypto, else @noble/hashes. */
  sha256?: Sha256;
  /** Largest file, plain or once decompressed, in bytes (default MAX_GUNZIP_BYTES). */
  maxFileBytes?: number;
  /** The file is an entry of a zip archive: a zip inside it is not opened (a zip can hold itself). */
  insideArchive?: boolean;
  /** What is left of the limit for all files together, and that limit, in bytes (default: no such limit). */
  total?: { remaining: number; limit: number };
}

/**
 * A host's own way to run readInputFile (the CLI's worker pool): called once per file, in input order,
 * it must give what readInputFile(file, opts) gives.
 */
export type ReadFileHook = (file: AuditInput, opts: ReadFileOptions) => Promise<FileRead>;

/** A SHA-256 of the bytes, as lowercase hex. */
export type Sha256 = (bytes: Uint8Array) => Promise<string>;

export interface FileRead extends InputRead {
  /** Bytes read and their SHA-256 (hex); absent when the file could not be read at all. */
  bytes?: number;
  sha256?: string;
  /** Bytes decoded (after gunzip): what counts against the limit for all files together. */
  decodedBytes?: number;
}

/**
 * A zip archive larger than the per-file limit, opened in place (zip.ts zipInputsInPlace);
 * undefined when the file is not a zip archive (or cannot be read). Not hashed: an archive is not
 * an input, its entries are (ingest.ts), each with its own SHA-256.
 */
async function archiveInPlace(file: AuditInput, range: ByteRange, maxFile: number): Promise<FileRead | undefined> {
  try {
    if (!isZip(await range(0, 4))) return undefined;
  } catch {
    return undefined;
  }
  const known = { bytes: file.size };
  const archive = await zipInputsInPlace({ name: file.name, ...(file.lastModified !== undefined ? { lastModified: file.lastModified } : {}) }, file.size, range, { maxFileBytes: maxFile });
  return { ...known, ...inputRead('unknown', 'zip'), content: { type: 'archive', inputs: archive.inputs, problems: archive.problems } };
}

const ENCODING_NAME = { 'utf-16le': 'UTF-16 little-endian', 'utf-16be': 'UTF-16 big-endian' } as const;

/** A size in GB from 1 GB up, else in MB. */
const sizeText = (bytes: number): string => (bytes >= 1073741824 ? `${Number((bytes / 1073741824).toFixed(2))} GB` : byteSize(bytes));

export async function readInputFile(file: AuditInput, opts: ReadFileOptions): Promise<FileRead> {
  const failed = (message: string, problems: InputRead['problems'] = []): InputRead =>
    inputRead('unknown', 'unknown', [...problems, { input: file.name, severity: 'error', message }]);
  const maxFile = opts.maxFileBytes ?? MAX_GUNZIP_BYTES;
  const total = opts.total;
  const overTotal = (): string =>
    total ? `Reading it would pass the limit of ${sizeText(total.limit)} for all files together (${byteSize(Math.max(0, total.remaining))} left); it was not read.` : '';
  // Refused before reading: a 2 GB file read into memory is what the limit is there to prevent. A zip
  // archive is the exception when the host can read parts of it: opened in place, each entry is
  // held to the limit instead.
  if (file.size > maxFile) {
    const archive = file.range && !opts.insideArchive ? await archiveInPlace(file, file.range, maxFile) : undefined;
    return archive ?? failed(`The file is ${byteSize(file.size)}, more than the limit of ${byteSize(maxFile)} per file; it was not read.`);
  }
  if (total && file.size > total.remaining) return failed(overTotal());
  let bytes: Uint8Array;
  try {
    bytes = await file.read();
  } catch (e) {
    return failed(`Could not be read: ${clip(e instanceof Error ? e.message : String(e), 200)}`);
  }
  const known = { bytes: bytes.byteLength, sha256: await (opts.sha256 ?? sha256Hex)(bytes) };
  // A zip archive (by its first bytes, never its name): its entries are read in its place (ingest.ts).
  if (isZip(bytes)) {
    if (opts.insideArchive) return { ...known, ...failed('A zip archive inside a zip archive is not opened; extract it and give its files.') };
    const archive = zipInputs({ name: file.name, ...(file.lastModified !== undefined ? { lastModified: file.lastModified } : {}) }, bytes, { maxFileBytes: maxFile });
    return { ...known, ...inputRead('unknown', 'zip'), content: { type: 'archive', inputs: archive.inputs, problems: archive.problems } };
  }
  const warnings: InputRead['problems'] = [];
  try {
    const limitedByTotal = total !== undefined && total.remaining < maxFile;
    const ctxOf = (gzip: boolean): ReadContext => ({ naiveTimeOffsetMinutes: opts.naiveTimeOffsetMinutes, gzip, ...(file.lastModified !== undefined ? { lastModified: file.lastModified } : {}) });
    const notDecoded = (e: unknown): FileRead => {
      if (limitedByTotal && e instanceof DecodeError) return { ...known, ...failed(overTotal()) };
      return { ...known, ...failed(`The file ${e instanceof DecodeError ? e.message : 'could not be read'}.`) };
    };
    let inflated;
    try {
      inflated = await inflateBytes(bytes, limitedByTotal ? Math.max(0, total.remaining) : maxFile, opts.gunzip);
    } catch (e) {
      return notDecoded(e);
    }
    // JSON CloudTrail is read from the bytes, never decoded as a whole (with the same result: readBytesFast).
    const fast = readBytesFast(inflated.raw, file.name, ctxOf(inflated.gzip));
    if (fast) return { ...known, decodedBytes: inflated.raw.byteLength, ...fast };
    let decoded;
    try {
      decoded = decodeInflated(inflated.raw, inflated.gzip);
    } catch (e) {
      return notDecoded(e);
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
    const read = await readInput(new InputText(decoded.text, file.name), ctxOf(decoded.gzip));
    if (warnings.length > 0) read.problems = pushAll(warnings, read.problems);
    return { ...counted, ...read };
  } catch (e) {
    // A reader that throws is a bug; the batch still goes on without this file.
    return { ...known, ...failed(`Could not be read: ${clip(e instanceof Error ? e.message : String(e), 200)}`, warnings) };
  }
}

/** JSON text starts here (after ASCII white space), so the text is not blank. */
const OPENS_JSON = (c: number | undefined): boolean => c === 123 || c === 91;
const isAsciiSpace = (c: number | undefined): boolean => c === 32 || (c !== undefined && c >= 9 && c <= 13);

/** Bytes of the head the reader table decides by: CloudTrail's 64 KB after leading white space (which covers the report's 8 KB). */
const DETECT_HEAD_BYTES = 65_536;

/**
 * The read of a CloudTrail shape that can be read from bytes (BYTE_READ_FORMATS), or undefined when
 * the file must be decoded and go through the reader table as text. Undefined unless the bytes open
 * with JSON after ASCII white space (no BOM: nothing to decode apart) and the head is ASCII; then the
 * table's choice is made on the decoded head, which is all the readers before these shapes look at
 * (a test pins that order). The byte reader itself gives up at the first non-ASCII byte.
 */
function readBytesFast(raw: Uint8Array, name: string, ctx: ReadContext): InputRead | undefined {
  let first = 0;
  while (isAsciiSpace(raw[first])) first++;
  if (!OPENS_JSON(raw[first])) return undefined;
  const headBytes = raw.subarray(0, Math.min(raw.length, first + DETECT_HEAD_BYTES));
  // One pass over the head: is it ASCII, and which words that shapes before the byte-read ones need
  // may it quote (quoted-words.ts)? Detection then skips those shapes rather than scan 64 KB each.
  const quoted = quotedWordsFast(headBytes);
  if ((quoted & NOT_ASCII_BIT) !== 0) return undefined;
  const found = detectInput(new InputText(headDecoder.decode(headBytes), name, quoted & ANY_WORD));
  const format = found?.reader.id.startsWith(CLOUDTRAIL_READER_PREFIX) ? found.reader.id.slice(CLOUDTRAIL_READER_PREFIX.length) : undefined;
  if (format === undefined || !BYTE_READ_FORMATS.has(format)) return undefined;
  return readTrailBytes(raw, name, format, ctx);
}

const headDecoder = new TextDecoder('utf-8');
