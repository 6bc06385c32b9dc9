// The exceptions file (risk acceptances, JSON or YAML): read only when the user names it as such
// (`--exceptions FILE`, the page's Exceptions panel). Among dropped audit inputs it is not
// detected: it stays "Unknown JSON", so that a stray file can never silently accept risks.
import { parseExceptions } from '../exceptions-file';
import { defineReader, inputRead } from './reader';

export const exceptionsReader = defineReader<true>({
  id: 'exceptions',
  kind: 'exceptions',
  purpose: 'exceptions',
  detect: () => true,
  read: (s) => {
    const parsed = parseExceptions(s.text, s.name);
    const json = /^\s*[[{]/.test(s.text);
    return { ...inputRead('exceptions', json ? 'exceptions-json' : 'exceptions-yaml', parsed.problems), records: parsed.entries.length, content: { type: 'exceptions', entries: parsed.entries } };
  },
});
