// Words for the engine's codes, shared by the exports and the page. Pure data: the page may
// import this module (it is on the import-boundary allow-list) without pulling in the engine.
import type { AsOfSource } from './types';

/** Where the as-of instant came from, as the evidence documents say it. */
export const AS_OF_SOURCE_LABEL: Record<AsOfSource, string> = {
  pinned: 'pinned by the user',
  report: 'credential report generation time',
  'file-date': 'file date; the report carried no generation time',
  now: 'evaluation clock; no report time known',
};
