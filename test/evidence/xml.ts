// A small, strict XML 1.0 reader for the JUnit tests (no dependency): elements, attributes, text,
// the five predefined entities and character references; an XML declaration and comments. It throws
// on what a conforming parser rejects and credaudit might produce by mistake: an unescaped < or &,
// a raw < in an attribute, mismatched or unclosed tags, duplicate attributes, characters XML 1.0
// forbids, text outside the root element. (No DTDs, CDATA or namespaces: the writer uses none.)

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text content directly inside this element. */
  text: string;
}

const NAME = /[A-Za-z_:][\w.:-]*/y;
// XML 1.0 Char: tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD, and supplementary planes (pairs).
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(raw: string, at: number): string {
  return raw.replace(/&([^;]*);?/g, (m, body: string) => {
    if (!m.endsWith(';')) throw new Error(`unterminated reference at ${at}: ${m}`);
    if (body in PREDEFINED) return PREDEFINED[body] as string;
    const num = /^#(\d+)$/.exec(body) ?? /^#x([0-9A-Fa-f]+)$/.exec(body);
    if (num) {
      const cp = parseInt(num[1] as string, body.startsWith('#x') ? 16 : 10);
      const ch = String.fromCodePoint(cp);
      if (FORBIDDEN.test(ch)) throw new Error(`reference to a forbidden character at ${at}: ${m}`);
      return ch;
    }
    throw new Error(`unknown entity at ${at}: ${m}`);
  });
}

/** Attribute value normalization (XML 1.0 §3.3.3): literal white space becomes a space; references are kept. */
const normalizeAttr = (raw: string, at: number) => decodeEntities(raw.replace(/[\t\n\r]/g, ' '), at);

export function parseXml(xml: string): XmlElement {
  if (FORBIDDEN.test(xml)) throw new Error(`forbidden character at ${xml.search(FORBIDDEN)}`);
  let i = 0;
  const skipMisc = () => {
    for (;;) {
      const ws = /\s*/y;
      ws.lastIndex = i;
      ws.exec(xml);
      i = ws.lastIndex;
      if (xml.startsWith('<!--', i)) {
        const end = xml.indexOf('-->', i + 4);
        if (end < 0) throw new Error('unterminated comment');
        i = end + 3;
      } else if (xml.startsWith('<?', i)) {
        const end = xml.indexOf('?>', i + 2);
        if (end < 0) throw new Error('unterminated processing instruction');
        i = end + 2;
      } else return;
    }
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(xml);
    if (!m) throw new Error(`expected a name at ${i}`);
    i = NAME.lastIndex;
    return m[0];
  };
  const element = (): XmlElement => {
    if (xml[i] !== '<') throw new Error(`expected < at ${i}`);
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const ws = /\s*/y;
      ws.lastIndex = i;
      const spaced = (ws.exec(xml)?.[0].length ?? 0) > 0;
      i = ws.lastIndex;
      if (xml.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (xml[i] === '>') {
        i++;
        break;
      }
      if (!spaced) throw new Error(`expected white space before an attribute at ${i}`);
      const an = name();
      if (an in el.attrs) throw new Error(`duplicate attribute ${an} at ${i}`);
      if (xml[i] !== '=') throw new Error(`expected = at ${i}`);
      const q = xml[i + 1];
      if (q !== '"' && q !== "'") throw new Error(`expected a quote at ${i + 1}`);
      const end = xml.indexOf(q, i + 2);
      if (end < 0) throw new Error('unterminated attribute');
      const raw = xml.slice(i + 2, end);
      if (raw.includes('<')) throw new Error(`< in attribute ${an} at ${i}`);
      el.attrs[an] = normalizeAttr(raw, i);
      i = end + 1;
    }
    for (;;) {
      const lt = xml.indexOf('<', i);
      if (lt < 0) throw new Error(`unclosed <${el.name}>`);
      const raw = xml.slice(i, lt);
      if (raw.includes(']]>')) throw new Error(`]]> in text at ${i}`);
      el.text += decodeEntities(raw, i);
      i = lt;
      if (xml.startsWith('</', i)) {
        i += 2;
        const close = name();
        if (close !== el.name) throw new Error(`</${close}> closes <${el.name}> at ${i}`);
        const ws = /\s*>/y;
        ws.lastIndex = i;
        if (!ws.exec(xml)) throw new Error(`expected > at ${i}`);
        i = ws.lastIndex;
        return el;
      }
      if (xml.startsWith('<!--', i)) {
        const end = xml.indexOf('-->', i + 4);
        if (end < 0) throw new Error('unterminated comment');
        i = end + 3;
        continue;
      }
      el.children.push(element());
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i !== xml.length) throw new Error(`content after the root element at ${i}`);
  return root;
}

/** Every descendant element named `name`, in document order. */
export function all(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const stack = [...el.children].reverse();
  while (stack.length > 0) {
    const e = stack.pop() as XmlElement;
    if (e.name === name) out.push(e);
    for (let k = e.children.length - 1; k >= 0; k--) stack.push(e.children[k] as XmlElement);
  }
  return out;
}

export const child = (el: XmlElement, name: string): XmlElement | undefined => el.children.find((c) => c.name === name);
