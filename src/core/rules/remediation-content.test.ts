// The facts RULES.md "Remediation content" gets right and the old rule texts got wrong (issue 10,
// items 10–21), checked on every rule's texts so a new rule cannot bring a wrong one back.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { at, ctCtxFor, rootEvent } from '../../../test/helpers/cloudtrail';
import { ACCOUNT } from '../../../test/helpers/report';
import { fillRemediation, remediationFacts } from '../remediation';
import { ctRootLongTermKeyUsed } from './ct-root-long-term-key-used';
import type { RuleDefinition } from './define-rule';
import { RULES, RULES_BY_ID } from './registry';
import { CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING, REMOVE_ROOT_KEYS, ROOT_SIGN_IN_EVENT_PATTERN } from './remediation-snippets';

const lines = (r: RuleDefinition): string[] => [...r.remediation.console, ...r.remediation.cli, ...r.remediation.prevention, ...r.remediation.verify];
const allText = (r: RuleDefinition): string => [r.title, r.rationale, ...lines(r)].join('\n');
const rule = (id: string): RuleDefinition => {
  const r = RULES_BY_ID.get(id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};

describe('item 10: root access keys are deleted directly, never deactivated first', () => {
  it('no root rule tells the user to run update-access-key (that would leave the key unable to sign the delete)', () => {
    for (const r of RULES.filter((x) => x.scope === 'root')) {
      for (const l of lines(r)) expect(l, r.id).not.toMatch(/^\s*aws iam update-access-key/);
      expect(allText(r), r.id).not.toMatch(/Deactivate[^.]*then[^.]*Delete/);
    }
  });

  it('the shared key removal deletes with the key id and says why not to deactivate first', () => {
    expect(REMOVE_ROOT_KEYS.cli).toContain('aws iam delete-access-key --access-key-id ROOT_ACCESS_KEY_ID');
    expect(REMOVE_ROOT_KEYS.cli.join('\n')).toContain('Do not deactivate it first: an inactive key cannot sign the delete call.');
    expect(REMOVE_ROOT_KEYS.console.join('\n')).toContain('Actions → Delete');
  });
});

describe('item 11: lookup-events without --max-results', () => {
  it('no rule text anywhere uses --max-results', () => {
    for (const r of RULES) expect(allText(r), r.id).not.toContain('--max-results');
  });
});

describe('item 12: EventBridge patterns match source + eventName + userIdentity.type', () => {
  it('no rule text matches on detail-type, and the sign-in pattern is RULES.md\'s', () => {
    for (const r of RULES) expect(allText(r), r.id).not.toContain('detail-type');
    expect(JSON.parse(ROOT_SIGN_IN_EVENT_PATTERN)).toEqual({ source: ['aws.signin'], detail: { eventName: ['ConsoleLogin'], userIdentity: { type: ['Root'] } } });
  });

  it.each(['CT-ROOT-SIGN-IN', 'CT-ROOT-SIGN-IN-WITHOUT-MFA', 'CT-ROOT-FAILED-SIGN-IN'])('%s prevention carries the put-rule command', (id) => {
    expect(rule(id).remediation.prevention).toContain(`aws events put-rule --region us-east-1 --name root-console-sign-in --event-pattern '${ROOT_SIGN_IN_EVENT_PATTERN}'`);
  });
});

describe('item 15: enabling centralized root access removes nothing', () => {
  it('no text says enabling it leaves no root password', () => {
    for (const r of RULES) expect(allText(r), r.id).not.toMatch(/so there is no root password|start without root credentials/);
  });

  it('every rule that shows how to enable it also says it removes nothing', () => {
    const enabling = RULES.filter((r) => lines(r).some((l) => l.includes('enable-organizations-root-credentials-management')));
    expect(enabling.length).toBeGreaterThan(5);
    for (const r of enabling) expect(allText(r), r.id).toMatch(/removes nothing|removed nothing/);
    expect(CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING).toContain('only accounts created in the organization afterwards start without a root password');
  });
});

describe('item 16: verifying a fix', () => {
  it('no verify step asks to "generate and load a new credential report" as if it were immediate', () => {
    for (const r of RULES) for (const l of r.remediation.verify) expect(l, r.id).not.toMatch(/^Generate and load a new credential report/);
  });

  it('every rule that regenerates the report says it is reused for 4 hours and polls until COMPLETE', () => {
    const regenerating = RULES.filter((r) => lines(r).some((l) => /^aws iam generate-credential-report/.test(l)));
    expect(regenerating.length).toBeGreaterThan(8);
    for (const r of regenerating) {
      const text = lines(r).join('\n');
      expect(text, r.id).toContain('4 hours');
      expect(text, r.id).toContain('COMPLETE');
    }
  });

  it.each(['ROOT-ACCESS-KEY-ACTIVE', 'ROOT-ACCESS-KEY-EXISTS', 'ROOT-SIGNING-CERT-ACTIVE', 'ROOT-CREDENTIALS-REMOVED'])('%s verifies at once: get-account-summary and an AssumeRoot audit session', (id) => {
    const verify = rule(id).remediation.verify.join('\n');
    expect(verify).toMatch(/^aws iam get-account-summary/m);
    expect(verify).toContain('arn=arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials');
  });
});

describe('item 18: the report records the first use in each span', () => {
  it('no rule source or text says the report rounds use times', () => {
    const dir = new URL('./', import.meta.url);
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
      expect(readFileSync(new URL(name, dir), 'utf8'), name).not.toMatch(/\brounds? (password|key)? ?use/i);
    }
    const xsrc = readFileSync(new URL('./xsrc-root-last-use.ts', import.meta.url), 'utf8');
    expect(xsrc).toContain('records the first password use in each 5-minute span');
  });
});

describe('item 20: commands carry the finding\'s own account id and key id', () => {
  it('a CT-ROOT-LONG-TERM-KEY-USED finding fills its AKIA keys and account into the commands', () => {
    const events = [rootEvent(at(3), { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }), rootEvent(at(2), { accessKeyId: 'AKIAI44QH8DHBEXAMPLE' })];
    const [draft] = ctRootLongTermKeyUsed.evaluate(ctCtxFor({ events }));
    expect(draft?.status).toBe('FAIL');
    const facts = remediationFacts({ accountId: ACCOUNT, resource: draft!.resource, evidence: draft!.evidence });
    expect(facts).toEqual({ accountId: ACCOUNT, rootKeyIds: ['AKIAI44QH8DHBEXAMPLE', 'AKIAIOSFODNN7EXAMPLE'] });
    const cli = fillRemediation(ctRootLongTermKeyUsed.remediation, facts).cli;
    expect(cli).toContain('aws iam delete-access-key --access-key-id AKIAI44QH8DHBEXAMPLE');
    expect(cli).toContain('aws iam delete-access-key --access-key-id AKIAIOSFODNN7EXAMPLE');
    expect(cli.some((l) => l.includes(`--target-principal ${ACCOUNT} `))).toBe(true);
    expect(cli.join('\n')).not.toMatch(/ACCOUNT_ID|ROOT_ACCESS_KEY_ID|AKIA_EXAMPLE/);
  });

  it('without a known key or account the placeholders stay, saying what to put there', () => {
    const cli = fillRemediation(rule('ROOT-ACCESS-KEY-ACTIVE').remediation, remediationFacts({ accountId: null, resource: '<root_account>', evidence: [] })).cli;
    expect(cli).toContain('aws iam delete-access-key --access-key-id ROOT_ACCESS_KEY_ID');
    expect(cli.some((l) => l.includes('--target-principal ACCOUNT_ID '))).toBe(true);
  });
});

describe('item 21: no unverified claim about the console CSV', () => {
  it('the sign-in reading no longer says the export omits failed sign-ins', () => {
    const src = readFileSync(new URL('./root-events.ts', import.meta.url), 'utf8');
    expect(src).not.toContain('omits failed sign-ins');
  });
});
