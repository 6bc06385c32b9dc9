// Synthetic sample data, bundled into the script (the page may not fetch, not even its own files).
// Three accounts: 111111111111 has an active root key used 6 days before the report was generated;
// 222222222222 is clean (root MFA, no keys); 333333333333 had its root credentials removed (2025
// format: password_enabled false). Plus a small CloudTrail file for 111111111111 and an
// Organizations account list for names. The reports are wrapped as `aws iam get-credential-report`
// JSON so their GeneratedTime sets the as-of time. Every timestamp is fixed.
import sandboxCsv from './sandbox-111111111111.csv?raw';
import productionCsv from './production-222222222222.csv?raw';
import memberCsv from './member-333333333333.csv?raw';
import cloudtrailJson from './cloudtrail-111111111111.json?raw';
import orgJson from './organizations-accounts.json?raw';

/** When the sample reports were generated (their as-of). */
export const SAMPLE_GENERATED_TIME = '2025-06-02T09:30:00Z';
const SAMPLE_FILE_TIME = Date.parse('2025-06-02T09:35:00Z');

/** Base64 of ASCII/UTF-8 text, as the IAM API returns `Content`. */
function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function reportEnvelope(csv: string): string {
  return `${JSON.stringify({ Content: base64(csv), ReportFormat: 'text/csv', GeneratedTime: SAMPLE_GENERATED_TIME }, null, 2)}\n`;
}

/** The sample inputs as File objects, ready for the worker. */
export function sampleFiles(): File[] {
  const file = (name: string, text: string, type: string) => new File([text], name, { type, lastModified: SAMPLE_FILE_TIME });
  return [
    file('sample-sandbox-111111111111-credential-report.json', reportEnvelope(sandboxCsv), 'application/json'),
    file('sample-production-222222222222-credential-report.json', reportEnvelope(productionCsv), 'application/json'),
    file('sample-member-333333333333-credential-report.json', reportEnvelope(memberCsv), 'application/json'),
    file('sample-111111111111_CloudTrail_us-east-1_20250602T0930Z.json', cloudtrailJson, 'application/json'),
    file('sample-organizations-list-accounts.json', orgJson, 'application/json'),
  ];
}
