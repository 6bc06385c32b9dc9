// InputText: the views of a text every reader shares, each computed once.
import { describe, expect, it } from 'vitest';
import { MAX_SMALL_JSON, InputText } from './reader';

describe('InputText', () => {
  it('cloudTrailHead: from the first non-space character, at most 64 KB', () => {
    expect(new InputText('\n\t  {"Records":[]}', 'x').cloudTrailHead).toBe('{"Records":[]}');
    expect(new InputText(`[${' '.repeat(70_000)}]`, 'x').cloudTrailHead).toHaveLength(65_536);
  });

  it.each<[string, string, unknown]>([
    ['an object', ' {"a":1}', { ok: true, value: { a: 1 } }],
    ['an array', '[1,2]', { ok: true, value: [1, 2] }],
    ['JSON-looking text that does not parse', '{"a":', { ok: false, error: expect.stringMatching(/JSON/) }],
    ['CSV', 'user,arn\n', undefined],
    ['a scalar is not tried (no report or evidence file is one)', '42', undefined],
  ])('json(): %s', (_name, text, probe) => {
    expect(new InputText(text, 'x').json()).toEqual(probe);
  });

  it('json() parses once, whoever asks first', () => {
    const s = new InputText('{"a":{"b":1}}', 'x');
    const first = s.json();
    expect(s.json()).toBe(first);
    expect(s.jsonObject()).toBe(first?.ok ? first.value : undefined);
  });

  it('json() leaves text above MAX_SMALL_JSON alone (a big JSON file is CloudTrail or nothing)', () => {
    expect(new InputText(`[${' '.repeat(MAX_SMALL_JSON)}]`, 'x').json()).toBeUndefined();
  });

  it.each<[string, boolean]>([
    ['{"a":1}', true],
    ['[{"a":1}]', false],
    ['null', false],
    ['{"a":', false],
  ])('jsonObject(): only a parsed object, %j -> %j', (text, isObject) => {
    expect(new InputText(text, 'x').jsonObject() !== undefined).toBe(isObject);
  });
});
