// Every `aws …` command in every rule's remediation, after the finding's ids are filled in, has the
// shape of a valid AWS CLI v2 invocation: a known service and operation, every required flag, no
// flag the operation does not take, a value for each flag that needs one. The table below is kept
// by hand from the AWS CLI v2 command reference, for the operations the rules use; an operation
// missing from it fails the test, so a new command is checked before it ships. Project rules from
// RULES.md "Remediation content" (no --max-results, regional STS endpoint, EventBridge patterns on
// source + eventName + identity type) are checked on top.
import { describe, expect, it } from 'vitest';
import { fillRemediation, PLACEHOLDER, type RemediationFacts } from '../remediation';
import type { RuleDefinition } from './define-rule';
import { RULES } from './registry';

interface OperationShape {
  required: readonly string[];
  optional?: readonly string[];
  /** Flags that take no value. */
  booleans?: readonly string[];
}

/** service -> operation -> flags (AWS CLI v2). */
const CLI: Record<string, Record<string, OperationShape>> = {
  iam: {
    'list-access-keys': { required: [], optional: ['--user-name'] },
    'create-access-key': { required: [], optional: ['--user-name'] },
    'update-access-key': { required: ['--access-key-id', '--status'], optional: ['--user-name'] },
    'delete-access-key': { required: ['--access-key-id'], optional: ['--user-name'] },
    'get-access-key-last-used': { required: ['--access-key-id'] },
    'list-signing-certificates': { required: [], optional: ['--user-name'] },
    'delete-signing-certificate': { required: ['--certificate-id'], optional: ['--user-name'] },
    'get-login-profile': { required: [], optional: ['--user-name'] },
    'delete-login-profile': { required: [], optional: ['--user-name'] },
    'list-mfa-devices': { required: [], optional: ['--user-name'] },
    'list-virtual-mfa-devices': { required: [], optional: ['--assignment-status'] },
    'create-virtual-mfa-device': { required: ['--virtual-mfa-device-name', '--outfile', '--bootstrap-method'], optional: ['--path', '--tags'] },
    'enable-mfa-device': { required: ['--user-name', '--serial-number', '--authentication-code1', '--authentication-code2'] },
    'deactivate-mfa-device': { required: ['--serial-number'], optional: ['--user-name'] },
    'delete-virtual-mfa-device': { required: ['--serial-number'] },
    'get-account-summary': { required: [] },
    'generate-credential-report': { required: [] },
    'get-credential-report': { required: [] },
    'enable-organizations-root-credentials-management': { required: [] },
    'enable-organizations-root-sessions': { required: [] },
    'list-organizations-features': { required: [] },
  },
  sts: {
    'assume-root': { required: ['--target-principal', '--task-policy-arn'], optional: ['--duration-seconds'] },
  },
  organizations: {
    'enable-aws-service-access': { required: ['--service-principal'] },
    'register-delegated-administrator': { required: ['--account-id', '--service-principal'] },
  },
  cloudtrail: {
    'lookup-events': { required: [], optional: ['--lookup-attributes', '--start-time', '--end-time', '--event-category', '--max-results', '--starting-token', '--page-size', '--max-items'] },
    'describe-trails': { required: [], optional: ['--trail-name-list'], booleans: ['--include-shadow-trails', '--no-include-shadow-trails'] },
    'get-trail-status': { required: ['--name'] },
  },
  logs: {
    'put-metric-filter': { required: ['--log-group-name', '--filter-name', '--filter-pattern', '--metric-transformations'], optional: ['--apply-on-transformed-logs'] },
    'describe-metric-filters': { required: [], optional: ['--log-group-name', '--filter-name-prefix', '--metric-name', '--metric-namespace'] },
  },
  cloudwatch: {
    'put-metric-alarm': {
      required: ['--alarm-name', '--evaluation-periods', '--comparison-operator'],
      optional: ['--metric-name', '--namespace', '--statistic', '--period', '--threshold', '--treat-missing-data', '--alarm-actions', '--alarm-description', '--datapoints-to-alarm'],
      booleans: ['--actions-enabled', '--no-actions-enabled'],
    },
    'describe-alarms': { required: [], optional: ['--alarm-names', '--alarm-name-prefix', '--state-value', '--action-prefix'] },
  },
  sns: {
    'create-topic': { required: ['--name'], optional: ['--attributes', '--tags'] },
    subscribe: { required: ['--topic-arn', '--protocol'], optional: ['--notification-endpoint', '--attributes'], booleans: ['--return-subscription-arn'] },
    'list-subscriptions-by-topic': { required: ['--topic-arn'] },
  },
  events: {
    'put-rule': { required: ['--name'], optional: ['--event-pattern', '--schedule-expression', '--state', '--description', '--event-bus-name'] },
    'put-targets': { required: ['--rule', '--targets'], optional: ['--event-bus-name'] },
  },
};

/** Options every command accepts. */
const GLOBAL_FLAGS = ['--region', '--output', '--query', '--endpoint-url', '--profile'];
const OUTPUTS = ['json', 'text', 'table', 'yaml', 'yaml-stream'];
const TASK_POLICIES = ['IAMAuditRootUserCredentials', 'IAMCreateRootUserPassword', 'IAMDeleteRootUserCredentials', 'S3UnlockBucketPolicy', 'SQSUnlockQueuePolicy'];

// ---- a small POSIX-shell reader: words, quotes, comments, pipes / && / ;, redirections ----------

/** The commands on a line (split at unquoted |, ||, && and ;), each as its words; comments and redirections dropped. */
function shellCommands(line: string): string[][] {
  const commands: string[][] = [[]];
  let word = '';
  let inWord = false;
  let dropNext = false;
  const end = () => {
    if (!inWord) return;
    if (dropNext) dropNext = false;
    else commands[commands.length - 1]?.push(word);
    word = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; ) {
    const c = line[i] as string;
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new Error(`unclosed ' in: ${line}`);
      word += line.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && '$`"\\'.includes(line[j + 1] ?? '')) j++;
        word += line[j];
      }
      if (j >= line.length) throw new Error(`unclosed " in: ${line}`);
      inWord = true;
      i = j + 1;
    } else if (c === '\\') {
      word += line[i + 1] ?? '';
      inWord = true;
      i += 2;
    } else if (/\s/.test(c)) {
      end();
      i++;
    } else if (c === '#' && !inWord) {
      break;
    } else if (c === '|' || c === ';' || c === '&') {
      end();
      const two = line.slice(i, i + 2);
      if (c === '&' && two !== '&&') throw new Error(`background & in: ${line}`);
      i += two === '&&' || two === '||' ? 2 : 1;
      commands.push([]);
    } else if (c === '>' || c === '<') {
      end();
      i += line[i + 1] === '>' ? 2 : 1;
      dropNext = true;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  end();
  return commands.filter((w) => w.length > 0);
}

/** What is wrong with one `aws` invocation (empty when it has a valid shape). */
function awsCliProblems(words: readonly string[]): string[] {
  const [aws, service = '', operation = '', ...args] = words;
  if (aws !== 'aws') return [`not an aws command: ${words.join(' ')}`];
  const ops = CLI[service];
  if (!ops) return [`unknown service "${service}"`];
  const shape = ops[operation];
  if (!shape) return [`unknown operation "${service} ${operation}"`];
  const problems: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < args.length; ) {
    const arg = args[i] as string;
    i++;
    if (!arg.startsWith('--')) {
      problems.push(`unexpected argument "${arg}"`);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const isBoolean = shape.booleans?.includes(flag) ?? false;
    const known = isBoolean || shape.required.includes(flag) || (shape.optional?.includes(flag) ?? false) || GLOBAL_FLAGS.includes(flag);
    if (!known) problems.push(`"${service} ${operation}" takes no ${flag}`);
    if (flags.has(flag)) problems.push(`${flag} given twice`);
    const values: string[] = eq < 0 ? [] : [arg.slice(eq + 1)];
    if (eq < 0 && !isBoolean) while (i < args.length && !(args[i] as string).startsWith('--')) values.push(args[i++] as string);
    if (!isBoolean && (values.length === 0 || values.some((v) => v === ''))) problems.push(`${flag} needs a value`);
    if (isBoolean && values.length > 0) problems.push(`${flag} takes no value`);
    flags.set(flag, values);
  }
  for (const flag of shape.required) if (!flags.has(flag)) problems.push(`"${service} ${operation}" needs ${flag}`);
  problems.push(...valueProblems(service, operation, flags));
  return problems;
}

/** Values the CLI (or the service) would reject, and RULES.md's rules for the commands we print. */
function valueProblems(service: string, operation: string, flags: ReadonlyMap<string, string[]>): string[] {
  const out: string[] = [];
  const one = (flag: string): string | undefined => flags.get(flag)?.[0];
  const output = one('--output');
  if (output !== undefined && !OUTPUTS.includes(output)) out.push(`--output ${output} is not a CLI output format`);
  const region = one('--region');
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) out.push(`--region ${region} is not a region`);
  const op = `${service} ${operation}`;
  if (op === 'cloudtrail lookup-events' && flags.has('--max-results')) out.push('--max-results turns off the CLI\'s automatic paging (RULES.md): drop it');
  if (op === 'sts assume-root') {
    const endpoint = one('--endpoint-url');
    if (endpoint === undefined || !/^https:\/\/sts\.[a-z0-9-]+\.amazonaws\.com$/.test(endpoint)) out.push('assume-root needs a regional STS endpoint: --endpoint-url https://sts.REGION.amazonaws.com (RULES.md)');
    const policy = /^arn=arn:aws:iam::aws:policy\/root-task\/(\w+)$/.exec(one('--task-policy-arn') ?? '');
    if (!policy || !TASK_POLICIES.includes(policy[1] as string)) out.push(`--task-policy-arn ${one('--task-policy-arn')} is not arn=<a root task policy ARN>`);
  }
  if (op === 'events put-rule') out.push(...eventPatternProblems(one('--event-pattern')));
  if (op === 'logs put-metric-filter') {
    const t = one('--metric-transformations') ?? '';
    for (const key of ['metricName=', 'metricNamespace=', 'metricValue=']) if (!t.includes(key)) out.push(`--metric-transformations lacks ${key}`);
  }
  if (op === 'events put-targets' && !/^Id=[^,]+,Arn=arn:/.test(one('--targets') ?? '')) out.push('--targets is not Id=…,Arn=…');
  return out;
}

/** RULES.md: match on source + detail.eventName + detail.userIdentity.type, never on detail-type. */
function eventPatternProblems(pattern: string | undefined): string[] {
  if (pattern === undefined) return ['put-rule without --event-pattern'];
  let p: { source?: unknown; 'detail-type'?: unknown; detail?: { eventName?: unknown; userIdentity?: { type?: unknown } } };
  try {
    p = JSON.parse(pattern) as typeof p;
  } catch {
    return [`--event-pattern is not JSON: ${pattern}`];
  }
  const out: string[] = [];
  if ('detail-type' in p) out.push('the event pattern matches on detail-type');
  if (!Array.isArray(p.source)) out.push('the event pattern has no source list');
  if (!Array.isArray(p.detail?.eventName)) out.push('the event pattern has no detail.eventName list');
  if (!Array.isArray(p.detail?.userIdentity?.type)) out.push('the event pattern has no detail.userIdentity.type list');
  return out;
}

// ---- the rules' texts ---------------------------------------------------------------------------

const ACCOUNT = '123456789012';
const ROOT_KEY = 'AKIAIOSFODNN7EXAMPLE';

/** What a finding of this rule knows in the fixture: the account always, the user or the root key by scope. */
function fixtureFacts(rule: RuleDefinition): RemediationFacts {
  if (rule.scope === 'user') return { accountId: ACCOUNT, userName: 'alice', rootKeyIds: [] };
  if (rule.scope === 'root') return { accountId: ACCOUNT, rootKeyIds: [ROOT_KEY] };
  return { accountId: ACCOUNT, rootKeyIds: [] };
}

const SECTIONS = ['console', 'cli', 'prevention', 'verify'] as const;

/** Every line of a rule's remediation, filled, with where it came from. */
function filledLines(rule: RuleDefinition): { where: string; line: string }[] {
  const filled = fillRemediation(rule.remediation, fixtureFacts(rule));
  return SECTIONS.flatMap((s) => filled[s].map((line, i) => ({ where: `${rule.id} ${s}[${i}]`, line })));
}

/** A line that is a command (copyable as is): it starts with `aws `. */
const isCommandLine = (line: string): boolean => line.trimStart().startsWith('aws ');

/** `aws <service> <operation>` named inside prose or comments. */
const MENTION = /\baws ([a-z0-9-]+) ([a-z0-9-]+)/g;

describe('shellCommands', () => {
  it.each<[string, string[][]]>([
    ['aws iam get-account-summary --query "SummaryMap.AccountMFAEnabled"   # 1 = on', [['aws', 'iam', 'get-account-summary', '--query', 'SummaryMap.AccountMFAEnabled']]],
    ["aws events put-rule --event-pattern '{\"a\": [\"b c\"]}'", [['aws', 'events', 'put-rule', '--event-pattern', '{"a": ["b c"]}']]],
    ['aws a b --x "Events[?Username==\'root\']" > out.json', [['aws', 'a', 'b', '--x', "Events[?Username=='root']"]]],
    ['aws a b && aws c d | base64 -d; grep x', [['aws', 'a', 'b'], ['aws', 'c', 'd'], ['base64', '-d'], ['grep', 'x']]],
    ['aws a b --p "x\\"y"', [['aws', 'a', 'b', '--p', 'x"y']]],
    ['# only a comment with aws iam x', []],
  ])('%s', (line, commands) => {
    expect(shellCommands(line)).toEqual(commands);
  });

  it('an unclosed quote is an error, not a guess', () => {
    expect(() => shellCommands("aws a b --p '{")).toThrow(/unclosed/);
  });
});

describe('awsCliProblems: the checker catches what it should (each would have passed a looser test)', () => {
  it.each<[string, string, string[]]>([
    ['a valid command', 'aws iam delete-access-key --access-key-id AKIAIOSFODNN7EXAMPLE', []],
    ['an unknown service', 'aws identity list-things', ['unknown service "identity"']],
    ['an unknown operation', 'aws iam remove-access-key --access-key-id X', ['unknown operation "iam remove-access-key"']],
    ['a missing required flag', 'aws iam delete-access-key', ['"iam delete-access-key" needs --access-key-id']],
    ['a flag the operation does not take', 'aws iam get-account-summary --user-name root', ['"iam get-account-summary" takes no --user-name']],
    ['a flag without its value', 'aws iam delete-access-key --access-key-id', ['--access-key-id needs a value']],
    ['a stray positional word', 'aws iam get-account-summary now', ['unexpected argument "now"']],
    ['a bad --output', 'aws iam get-account-summary --output xml', ['--output xml is not a CLI output format']],
    // Item 11: the old text of ROOT-RECENT-USE.
    ['lookup-events with --max-results', 'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50', ["--max-results turns off the CLI's automatic paging (RULES.md): drop it"]],
    // Item 17: the old assume-root text.
    [
      'assume-root without a regional endpoint',
      'aws sts assume-root --region us-east-1 --target-principal 123456789012 --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials',
      ['assume-root needs a regional STS endpoint: --endpoint-url https://sts.REGION.amazonaws.com (RULES.md)'],
    ],
    [
      'assume-root with a made-up task policy',
      'aws sts assume-root --endpoint-url https://sts.us-east-1.amazonaws.com --target-principal 123456789012 --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/DoAnything',
      ['--task-policy-arn arn=arn:aws:iam::aws:policy/root-task/DoAnything is not arn=<a root task policy ARN>'],
    ],
    // Item 12: the old EventBridge pattern.
    [
      'an EventBridge pattern on detail-type',
      `aws events put-rule --region us-east-1 --name r --event-pattern '{"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}'`,
      ['the event pattern matches on detail-type', 'the event pattern has no source list', 'the event pattern has no detail.eventName list'],
    ],
    ['a put-metric-filter without the metric', "aws logs put-metric-filter --log-group-name g --filter-name f --filter-pattern '{ $.x = 1 }' --metric-transformations metricName=M", ['--metric-transformations lacks metricNamespace=', '--metric-transformations lacks metricValue=']],
  ])('%s', (_name, line, problems) => {
    const [words] = shellCommands(line);
    expect(awsCliProblems(words ?? [])).toEqual(problems);
  });
});

describe('every rule\'s remediation commands', () => {
  describe.each(RULES.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    it('every aws command line parses as a valid AWS CLI v2 invocation shape', () => {
      const bad: string[] = [];
      for (const { where, line } of filledLines(rule)) {
        if (!isCommandLine(line)) continue;
        for (const words of shellCommands(line)) {
          if (words[0] !== 'aws') continue;
          for (const p of awsCliProblems(words)) bad.push(`${where}: ${p}\n    ${line}`);
        }
      }
      expect(bad).toEqual([]);
    });

    it('every `aws <service> <operation>` named in prose or comments is a known operation', () => {
      const bad: string[] = [];
      for (const { where, line } of filledLines(rule)) {
        for (const m of line.matchAll(MENTION)) {
          const [, service = '', operation = ''] = m;
          if (!CLI[service]?.[operation]) bad.push(`${where}: aws ${service} ${operation}`);
        }
      }
      expect(bad).toEqual([]);
    });

    it('no placeholder for a fact the finding knows remains after filling', () => {
      const text = filledLines(rule).map((l) => l.line).join('\n');
      for (const placeholder of [PLACEHOLDER.accountId, PLACEHOLDER.rootKeyId, PLACEHOLDER.userName, 'AKIA_EXAMPLE_KEY_ID']) expect(text).not.toMatch(new RegExp(`\\b${placeholder}\\b`));
    });
  });

  it('the commands cover the operations RULES.md names (so the table is exercised, not decorative)', () => {
    const used = new Set<string>();
    for (const rule of RULES) for (const { line } of filledLines(rule)) if (isCommandLine(line)) for (const w of shellCommands(line)) if (w[0] === 'aws') used.add(`${w[1]} ${w[2]}`);
    for (const op of [
      'iam delete-access-key',
      'sts assume-root',
      'cloudtrail lookup-events',
      'logs put-metric-filter',
      'cloudwatch put-metric-alarm',
      'organizations enable-aws-service-access',
      'iam enable-organizations-root-credentials-management',
      'iam enable-organizations-root-sessions',
      'iam list-organizations-features',
      'iam get-account-summary',
      'iam generate-credential-report',
      'iam get-credential-report',
      'iam list-virtual-mfa-devices',
      'events put-rule',
      'events put-targets',
    ]) {
      expect(used.has(op), op).toBe(true);
    }
  });
});
