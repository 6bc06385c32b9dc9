import type { ExceptionEntry } from '../../src/core/types';

/** A well-formed exception entry (root access key in 111122223333, until the end of 2025). */
export const exceptionEntry = (over: Partial<ExceptionEntry> = {}): ExceptionEntry => ({
  ruleId: 'ROOT-ACCESS-KEY-ACTIVE',
  accountId: '111122223333',
  owner: 'ops-lead@example.com',
  justification: 'backup job',
  expires: '2025-12-31',
  ...over,
});
