// The single entry point for callers that have all their files at once (the CLI, tests):
// audit(inputs, options) -> AuditResult is one AuditSession request — read every file once
// (input/), then evaluate (evaluate.ts). Bad input never throws: it becomes a problem.
import { evaluate } from './evaluate';
import { emptyDataset } from './ingest';
import type { Gunzip } from './input/decode';
import type { ReadFileHook, Sha256 } from './input/read-file';
import { AuditSession } from './session';
import type { AuditInput, AuditOptions, AuditResult } from './types';

export interface AuditHooks {
  /** Host gunzip (Node's zlib in the CLI); default DecompressionStream. */
  gunzip?: Gunzip;
  /** Host SHA-256 (node:crypto in the CLI); default WebCrypto. */
  sha256?: Sha256;
  /** Host readInputFile, same result (the CLI's worker pool); default readInputFile. */
  readFile?: ReadFileHook;
}

export async function audit(inputs: AuditInput[], options: AuditOptions, hooks: AuditHooks = {}): Promise<AuditResult> {
  // A session with no file has no result; a batch with no file still gets one (its problems say why).
  if (inputs.length === 0) return evaluate(emptyDataset(), options);
  const answer = await new AuditSession(hooks).submit({ type: 'add', req: 1, files: inputs.map((input, i) => ({ ...input, id: i + 1 })) }, options);
  if (answer.type !== 'result' || !answer.outcome.result) throw new Error('a lone request with files always has a result');
  return answer.outcome.result;
}
