// Every rule, in display order. A rule is one file; add it here and its table test beside it.
import type { RuleDefinition } from './define-rule';
import { rootAccessKeyActive } from './root-access-key-active';

export const RULES: readonly RuleDefinition[] = [
  rootAccessKeyActive,
  // credential-report rules
  // CloudTrail rules (CT-*) and XSRC-ROOT-LAST-USE
];

export const RULES_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map((r) => [r.id, r]));
