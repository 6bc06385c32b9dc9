// Credential-report readers (FORMATS.md §1): the CSV as downloaded, the get-credential-report JSON
// (Content base64 or decoded, also inside a placebo/boto3 recording), the API's error answers, and
// the generate-credential-report answer that people save by mistake.
import { isGenerateResponse, readReportEnvelope, type ReportEnvelope } from '../credential-report/envelope';
import { looksLikeCredentialReport, parseCredentialReport, type ParseReportOptions } from '../credential-report/parse';
import { defineReader, inputRead, type InputRead, type InputText } from './reader';

type CsvEnvelope = Extract<ReportEnvelope, { kind: 'csv' }>;
type ErrorEnvelope = Extract<ReportEnvelope, { kind: 'error' }>;

/** Parses report CSV text; the summary counts rows and names the account. */
function readReport(csv: string, format: string, name: string, times: { generatedTime?: number; fileTime?: number }): InputRead {
  const opts: ParseReportOptions = { input: name, format };
  if (times.generatedTime !== undefined) opts.generatedTime = times.generatedTime;
  if (times.fileTime !== undefined) opts.fileTime = times.fileTime;
  const r = parseCredentialReport(csv, opts);
  const out = inputRead('credential-report', format, r.problems);
  out.skipped = r.skipped;
  if (r.report) {
    out.records = r.report.rows.length;
    out.accountIds = r.report.accountId ? [r.report.accountId] : [];
    if (times.generatedTime !== undefined) out.generatedTime = times.generatedTime;
    out.content = { type: 'credential-report', report: r.report };
  }
  return out;
}

const envelopeOf = (s: InputText): ReportEnvelope | undefined => {
  const p = s.json();
  return p?.ok ? readReportEnvelope(p.value) : undefined;
};

export const reportCsvReader = defineReader<true>({
  id: 'credential-report-csv',
  kind: 'credential-report',
  purpose: 'audit',
  detect: (s) => looksLikeCredentialReport(s.text) || undefined,
  read: (s, _match, ctx) => readReport(s.text, 'csv', s.name, ctx.lastModified !== undefined ? { fileTime: ctx.lastModified } : {}),
});

export const reportJsonReader = defineReader<CsvEnvelope>({
  id: 'credential-report-json',
  kind: 'credential-report',
  purpose: 'audit',
  detect: (s) => {
    const env = envelopeOf(s);
    return env?.kind === 'csv' ? env : undefined;
  },
  read: (s, env, ctx) => {
    if (!looksLikeCredentialReport(env.csv)) {
      return inputRead('credential-report', env.format, [{ input: s.name, severity: 'error', message: 'The JSON has a Content field, but it is not a credential report CSV.' }]);
    }
    const times: { generatedTime?: number; fileTime?: number } = {};
    if (env.generatedTime !== undefined) times.generatedTime = env.generatedTime;
    if (ctx.lastModified !== undefined) times.fileTime = ctx.lastModified;
    const out = readReport(env.csv, env.format, s.name, times);
    if (env.generatedTime === undefined) {
      out.problems.push({ input: s.name, severity: 'warning', message: 'GeneratedTime is missing or unreadable; as-of falls back to a date-time in the file name, else the file date, else the evaluation clock.' });
    }
    return out;
  },
});

export const reportErrorReader = defineReader<ErrorEnvelope>({
  id: 'credential-report-error',
  kind: 'credential-report-error',
  purpose: 'audit',
  detect: (s) => {
    const env = envelopeOf(s);
    return env?.kind === 'error' ? env : undefined;
  },
  read: (s, env) => inputRead('credential-report-error', env.format, [{ input: s.name, severity: 'error', message: env.message }]),
});

export const generateResponseReader = defineReader<string>({
  id: 'generate-credential-report',
  kind: 'ignored',
  purpose: 'audit',
  detect: (s) => {
    const p = s.json();
    // An empty State is not an answer either.
    return (p?.ok && isGenerateResponse(p.value)) || undefined;
  },
  read: (s, state) =>
    inputRead('ignored', 'generate-credential-report', [
      {
        input: s.name,
        severity: 'info',
        message: `This is the answer to generate-credential-report (State ${state}), not the report. Run "aws iam get-credential-report --output json" to download it.`,
      },
    ]),
});
