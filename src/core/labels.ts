// Words for the engine's codes, shared by the exports and the page. Pure data: the page may
// import this module (it is on the import-boundary allow-list) without pulling in the engine.
import type { AsOfSource } from './types';

/** Where the as-of instant came from, as the evidence documents say it. */
export const AS_OF_SOURCE_LABEL: Record<AsOfSource, string> = {
  pinned: 'pinned by the user',
  report: 'credential report generation time',
  'file-name': "date-time in the report's file name; the report carried no generation time",
  'file-date': "file date; the report carried no generation time (pin as-of if the file was copied)",
  'cloudtrail-end': 'end of the loaded CloudTrail (its latest event); no credential report for this account',
  now: 'evaluation clock; no report time known',
};
