// Views of a result for reading it: the verdict band and accounts roll-up, framework views, the
// findings list for triage, and the slim result the page receives. Pure; built in the worker.
export { checkName, NAMED_CHECKS } from './checks';
export { CIS_EDITIONS, compareControls, controlTokens, editionKey, editionKeysOf, editionsOf, frameworkViews, type EditionView, type RequirementRow } from './frameworks';
export { accountKey, accountRollup, accountVerdicts, rollupColumns, type AccountVerdict, type RollupCell, type RollupColumn, type RollupRow, type RollupTable, type VerdictKind } from './rollup';
export {
  DEFAULT_QUERY,
  linesPage,
  searchIndex,
  selectFindings,
  splitFirstSentence,
  type FindingLine,
  type FindingSortKey,
  type FindingsQuery,
  type FindingsSelection,
  type GroupLine,
  type HowToLine,
  type ListLine,
  type SearchIndex,
  type StatusScope,
} from './findings-query';
export { ageSummary, candidateKey, MAX_CANDIDATES, pageResult, pageViews, type AccountCounts, type AgeBucket, type AgeSummary, type ExceptionCandidate, type PageResult, type PageViews } from './page-result';
