import { describe, expect, it } from 'vitest';
import { isRootUsagePattern } from './root-usage-pattern';

describe('isRootUsagePattern', () => {
  it.each<[string, boolean, boolean]>([
    // pattern, matches root, complete (CIS: also excludes invokedBy and AwsServiceEvent)
    ['{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }', true, true],
    ['{$.userIdentity.type="Root"&&$.userIdentity.invokedBy   NOT\n EXISTS&&$.eventType!="AwsServiceEvent"}', true, true],
    ['{ $.userIdentity.type = Root && $.userIdentity.invokedBy not exists && $.eventType != AwsServiceEvent }', true, true],
    ['{ $.userIdentity.type = "Root" }', true, false],
    ['{ $.userIdentity.type = "Root" && $.eventType != "AwsServiceEvent" }', true, false],
    ['{ $.userIdentity.type = "IAMUser" }', false, false],
    ['', false, false],
  ])('%j', (pattern, matches, complete) => {
    expect(isRootUsagePattern(pattern)).toEqual({ matches, complete });
  });
});
