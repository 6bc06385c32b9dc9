import { describe, expect, it } from 'vitest';
import { isServiceInvoker, serviceNoiseReason } from '../../src/core/cloudtrail/classify';
import { parseObjectColumn, parseStructText } from '../../src/core/cloudtrail/struct-text';

describe('parseStructText (Athena / Lake struct and map text)', () => {
  it.each([
    ['flat, null fields', '{type=Root, principalid=111122223333, invokedby=null}', { type: 'Root', principalid: '111122223333', invokedby: null }],
    ['empty', '{}', {}],
    ['empty value', '{accesskeyid=, username=null}', { accesskeyid: '', username: null }],
    [
      'nested braces',
      '{type=Root, sessioncontext={attributes={creationdate=2024-05-04T09:14:00Z, mfaauthenticated=false}, sessionissuer=null, assumedroot=true}, arn=arn:aws:iam::111122223333:root}',
      { type: 'Root', sessioncontext: { attributes: { creationdate: '2024-05-04T09:14:00Z', mfaauthenticated: 'false' }, sessionissuer: null, assumedroot: 'true' }, arn: 'arn:aws:iam::111122223333:root' },
    ],
    ['empty nested struct', '{a={}, b=x}', { a: {}, b: 'x' }],
    ['a value with a comma (not followed by key=)', '{useragent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko), region=us-east-1}', { useragent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)', region: 'us-east-1' }],
    ['a value with = and &', '{LoginTo=https://console.aws.amazon.com/console/home?state=hashArgs&isauthcode=true, MFAUsed=Yes}', { LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs&isauthcode=true', MFAUsed: 'Yes' }],
    ['a list', '{items=[a, b, {k=v}], n=1}', { items: ['a', 'b', { k: 'v' }], n: '1' }],
    ['an empty list', '{items=[]}', { items: [] }],
    ['whitespace around', '  { type = Root }  ', { type: 'Root' }],
  ])('%s', (_name, input, expected) => {
    expect(parseStructText(input)).toEqual(expected);
  });

  it.each([['not a struct', 'Root'], ['unbalanced', '{type=Root'], ['JSON is not struct text', '{"type":"Root"}'], ['trailing text', '{a=b} x'], ['empty string', '']])('%s → undefined', (_name, input) => {
    expect(parseStructText(input)).toBeUndefined();
  });

  it('parseObjectColumn takes JSON first, struct text otherwise', () => {
    expect(parseObjectColumn('{"ConsoleLogin":"Failure"}')).toEqual({ ConsoleLogin: 'Failure' });
    expect(parseObjectColumn('{ConsoleLogin=Success}')).toEqual({ ConsoleLogin: 'Success' });
    expect(parseObjectColumn('')).toBeUndefined();
    expect(parseObjectColumn(undefined)).toBeUndefined();
    expect(parseObjectColumn('null')).toBeUndefined();
  });
});

describe('what counts as root activity', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['autoscaling.amazonaws.com', true],
    ['config.amazonaws.com', true],
    ['cloudformation.amazonaws.com', true],
    ['elasticmapreduce.amazonaws.com', true],
    ['ssm.amazonaws.com.cn', true],
    ['signin.amazonaws.com', false],
    ['console.amazonaws.com', false],
    ['us-east-1.signin.aws.amazon.com', false],
    ['AWS Internal', false],
    ['198.51.100.7', false],
    ['something-unknown', false],
  ])('invokedBy %s → service principal %s', (invokedBy, expected) => {
    expect(isServiceInvoker(invokedBy)).toBe(expected);
  });

  it.each([
    ['AwsApiCall', undefined, undefined],
    ['AwsConsoleSignIn', 'signin.amazonaws.com', undefined],
    ['AwsServiceEvent', undefined, 'eventType AwsServiceEvent'],
    ['awsserviceevent', undefined, 'eventType AwsServiceEvent'],
    ['AwsApiCall', 'autoscaling.amazonaws.com', 'invokedBy autoscaling.amazonaws.com'],
    ['AwsApiCall', 'AWS Internal', undefined],
    [undefined, undefined, undefined],
  ])('eventType %s, invokedBy %s → %s', (eventType, invokedBy, expected) => {
    expect(serviceNoiseReason(eventType, invokedBy)).toBe(expected);
  });
});
