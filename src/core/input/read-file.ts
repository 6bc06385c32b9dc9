// One file, end to end: bytes -> SHA-256 -> decode (gzip, BOM, UTF-8) -> reader table -> InputRead.
// Never throws: an unreadable, undecodable, empty or unknown file is a problem in the result.
import { sha256Hex } from '../evidence/hash';
import { clip } from '../text';
import type { AuditInput } from '../types';
import { decodeBytes, DecodeError, MAX_GUNZIP_BYTES, type Gunzip } from './decode';
import { inputRead, InputText, type InputRead } from './reader';
import { readInput } from './readers';

export interface ReadFileOptions {
  /** Minutes east of UTC for console CSV times without a zone; undefined when the offset given was not valid. */
  naiveTimeOffsetMinutes: number | undefined;
  /** Host-supplied gunzip (e.g. Node's zlib in the CLI); default DecompressionStream. */
  gunzip?: Gunzip;
}

export interface FileRead extends InputRead {
  /** Bytes read and their SHA-256 (hex); absent when the file could not be read at all. */
  bytes?: number;
  sha256?: string;
}

export async function readInputFile(file: AuditInput, opts: ReadFileOptions): Promise<FileRead> {
  const failed = (message: string, problems: InputRead['problems'] = []): InputRead =>
    inputRead('unknown', 'unknown', [...problems, { input: file.name, severity: 'error', message }]);
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
    try {
      decoded = await decodeBytes(bytes, MAX_GUNZIP_BYTES, opts.gunzip);
    } catch (e) {
      return { ...known, ...failed(`The file ${e instanceof DecodeError ? e.message : 'could not be read'}.`) };
    }
    if (decoded.invalidUtf8 > 0) {
      warnings.push({ input: file.name, severity: 'warning', message: `${decoded.invalidUtf8} byte sequence(s) are not valid UTF-8; they were replaced with U+FFFD.` });
    }
    if (decoded.text.trim() === '') return { ...known, ...failed('The file is empty.', warnings) };
    const ctx = { naiveTimeOffsetMinutes: opts.naiveTimeOffsetMinutes, gzip: decoded.gzip, ...(file.lastModified !== undefined ? { lastModified: file.lastModified } : {}) };
    const read = await readInput(new InputText(decoded.text, file.name), ctx);
    return { ...known, ...read, problems: [...warnings, ...read.problems] };
  } catch (e) {
    // A reader that throws is a bug; the batch still goes on without this file.
    return { ...known, ...failed(`Could not be read: ${clip(e instanceof Error ? e.message : String(e), 200)}`, warnings) };
  }
}
