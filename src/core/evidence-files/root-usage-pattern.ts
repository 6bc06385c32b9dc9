// What a metric filter pattern (MetricFilterEvidence) catches: the CIS root-usage filter or less.

/**
 * A metric filter pattern that catches root usage the CIS way: it tests userIdentity.type = "Root",
 * excludes service-invoked calls (invokedBy NOT EXISTS) and AwsServiceEvent.
 */
export function isRootUsagePattern(pattern: string): { matches: boolean; complete: boolean } {
  const p = pattern.replace(/\s+/g, ' ');
  const matches = /\$\.userIdentity\.type\s*=\s*"?Root"?/i.test(p);
  const complete =
    matches && /\$\.userIdentity\.invokedBy\s+NOT\s+EXISTS/i.test(p) && /\$\.eventType\s*!=\s*"?AwsServiceEvent"?/i.test(p);
  return { matches, complete };
}
