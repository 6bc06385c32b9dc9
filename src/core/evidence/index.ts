// The evidence pack: every export format from one AuditResult. Pure functions; the UI downloads
// their text and the CLI prints it.
export { sha256Hex } from './hash';
export { canonicalJson } from './canonical';
export { toEvidenceJson, withManifest, manifestSha256, manifestSha256Sync, verifyManifest, type ManifestCheck } from './evidence-json';
export { toFindingsCsv, guardCell, CSV_COLUMNS, FORMULA_START, type CsvOptions } from './csv';
export { toMarkdown, mdEscape, type MarkdownOptions } from './markdown';
export { toOscal, buildOscal, uuidV5, OSCAL_VERSION, OSCAL_NS, type OscalOptions } from './oscal';
export { toText, termSafe, type TextOptions } from './text';
export { exportFileName, sortedFindings, compareFindings, evidenceText, evidenceSummary, controlText, controlsSummary, AS_OF_SOURCE_LABEL, type ExportKind } from './common';
export { controlVerdicts, exceptionStatuses, remediationSummary, type ControlVerdict, type ExceptionStatus, type ExceptionState, type RemediationItem } from './workpaper';
