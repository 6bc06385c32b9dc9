// The evidence pack: every export format from one AuditResult (the list is ./registry), the
// manifest that seals the evidence JSON, and the workpaper's computed parts. Pure functions; the
// worker turns their text into downloads and the CLI prints it.
export { EXPORT_FORMATS, exportFormat, exportFileName, pageExportFormats, type ExportFormat, type ExportFormatMeta, type RenderOptions } from './registry';
export { sha256Hex } from './hash';
export { canonicalJson } from './canonical';
export { toEvidenceJson, withManifest, manifestSha256, manifestCommand, verifyManifest, type ManifestCheck } from './evidence-json';
export { toFindingsCsv, guardCell, CSV_COLUMNS, FORMULA_START, type CsvOptions } from './csv';
export { toMarkdown, mdEscape, type MarkdownOptions } from './markdown';
export { toOscal, buildOscal, uuidV5, OSCAL_VERSION, OSCAL_NS, type OscalOptions } from './oscal';
export { toText, termSafe, type TextOptions } from './text';
export { sortedFindings, compareFindings, evidenceText, evidenceLine, controlText, controlsLine } from './common';
export {
  controlVerdicts,
  exceptionStatuses,
  remediationPlan,
  workpaperData,
  type ControlVerdict,
  type ExceptionStatus,
  type ExceptionState,
  type RemediationItem,
  type WorkpaperData,
} from './workpaper';
export { toOcsf, buildOcsf, OCSF_VERSION, OCSF_CLASS_UID, OCSF_TYPE_UID, OCSF_SEVERITY, OCSF_COMPLIANCE_STATUS } from './ocsf';
export { toAsff, buildAsff, asffOmitted, ASFF_BATCH_SIZE, ASFF_LIMITS, ASFF_SCHEMA_VERSION, DEFAULT_ASFF_REGION, REGION_RE, type AsffOptions } from './asff';
export { toJunit, xmlEscape } from './junit';
export { findingsChangesFirst, stableFindingUid, stableFindingUids, type FindingWithChange } from './common';
