// The part of the NIST OSCAL 1.1.2 assessment-results JSON schema that credaudit's output uses:
// required and allowed members of each assembly, and the datatype patterns (UUID v4/v5, token,
// non-empty string, date-time with zone). Written from the published schema
// (oscal_assessment-results_schema.json); a member not listed here is reported as not allowed.
type Spec =
  | 'uuid'
  | 'token'
  | 'string'
  | 'text'
  | 'datetime'
  | 'uri'
  | 'uri-ref'
  | 'int'
  | { enum: string[] }
  | { array: Spec }
  | { object: string };

interface Assembly {
  required: string[];
  members: Record<string, Spec>;
}

const PATTERNS: Record<string, RegExp> = {
  uuid: /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$/,
  token: /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u,
  string: /^\S(.*\S)?$/u,
  datetime: /^(19|2\d)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  uri: /^[a-zA-Z][a-zA-Z0-9+\-.]+:.+$/,
};

const arr = (x: Spec): Spec => ({ array: x });
const obj = (name: string): Spec => ({ object: name });
const props = { props: arr(obj('property')), links: arr(obj('link')) };

export const ASSEMBLIES: Record<string, Assembly> = {
  root: { required: ['assessment-results'], members: { 'assessment-results': obj('assessment-results') } },
  'assessment-results': {
    required: ['uuid', 'metadata', 'import-ap', 'results'],
    members: { uuid: 'uuid', metadata: obj('metadata'), 'import-ap': obj('import-ap'), 'local-definitions': obj('ar-local-definitions'), results: arr(obj('result')), 'back-matter': obj('back-matter') },
  },
  metadata: {
    required: ['title', 'last-modified', 'version', 'oscal-version'],
    members: { title: 'text', published: 'datetime', 'last-modified': 'datetime', version: 'string', 'oscal-version': 'string', ...props, remarks: 'text' },
  },
  property: { required: ['name', 'value'], members: { name: 'token', uuid: 'uuid', ns: 'uri', value: 'string', class: 'token', group: 'token', remarks: 'text' } },
  link: { required: ['href'], members: { href: 'uri-ref', rel: 'token', 'media-type': 'string', text: 'text' } },
  'import-ap': { required: ['href'], members: { href: 'uri-ref', remarks: 'text' } },
  'ar-local-definitions': { required: [], members: { 'objectives-and-methods': arr(obj('local-objective')), activities: arr(obj('activity')), remarks: 'text' } },
  'local-objective': { required: ['control-id', 'parts'], members: { 'control-id': 'token', description: 'text', ...props, parts: arr(obj('part')), remarks: 'text' } },
  part: { required: ['name'], members: { id: 'token', name: 'token', ns: 'uri', class: 'token', title: 'text', ...props, prose: 'text', parts: arr(obj('part')) } },
  activity: { required: ['uuid', 'description'], members: { uuid: 'uuid', title: 'text', description: 'text', ...props, remarks: 'text' } },
  result: {
    required: ['uuid', 'title', 'description', 'start', 'reviewed-controls'],
    members: {
      uuid: 'uuid', title: 'text', description: 'text', start: 'datetime', end: 'datetime', ...props,
      'local-definitions': obj('result-local-definitions'), 'reviewed-controls': obj('reviewed-controls'),
      observations: arr(obj('observation')), risks: arr(obj('risk')), findings: arr(obj('finding')), remarks: 'text',
    },
  },
  'result-local-definitions': { required: [], members: { 'inventory-items': arr(obj('inventory-item')) } },
  'inventory-item': { required: ['uuid', 'description'], members: { uuid: 'uuid', description: 'text', ...props, remarks: 'text' } },
  'reviewed-controls': { required: ['control-selections'], members: { description: 'text', ...props, 'control-selections': arr(obj('control-selection')), remarks: 'text' } },
  'control-selection': { required: [], members: { description: 'text', ...props, 'include-controls': arr(obj('select-control')), remarks: 'text' } },
  'select-control': { required: ['control-id'], members: { 'control-id': 'token', 'statement-ids': arr('token') } },
  observation: {
    required: ['uuid', 'description', 'methods', 'collected'],
    members: {
      uuid: 'uuid', title: 'text', description: 'text', ...props, methods: arr({ enum: ['EXAMINE', 'INTERVIEW', 'TEST', 'UNKNOWN'] }),
      types: arr('token'), subjects: arr(obj('subject-reference')), 'relevant-evidence': arr(obj('relevant-evidence')),
      collected: 'datetime', expires: 'datetime', remarks: 'text',
    },
  },
  'subject-reference': { required: ['subject-uuid', 'type'], members: { 'subject-uuid': 'uuid', type: { enum: ['component', 'inventory-item', 'location', 'party', 'user', 'resource'] }, title: 'text', ...props, remarks: 'text' } },
  'relevant-evidence': { required: ['description'], members: { href: 'uri-ref', description: 'text', ...props, remarks: 'text' } },
  risk: {
    required: ['uuid', 'title', 'description', 'statement', 'status'],
    members: {
      uuid: 'uuid', title: 'text', description: 'text', statement: 'text', ...props,
      status: { enum: ['open', 'investigating', 'remediating', 'deviation-requested', 'deviation-approved', 'closed'] },
      deadline: 'datetime', 'related-observations': arr(obj('related-observation')),
    },
  },
  finding: {
    required: ['uuid', 'title', 'description', 'target'],
    members: {
      uuid: 'uuid', title: 'text', description: 'text', ...props, target: obj('finding-target'),
      'related-observations': arr(obj('related-observation')), 'related-risks': arr(obj('related-risk')), remarks: 'text',
    },
  },
  'finding-target': {
    required: ['type', 'target-id', 'status'],
    members: {
      type: { enum: ['statement-id', 'objective-id'] }, 'target-id': 'token', title: 'text', description: 'text', ...props,
      status: obj('target-status'), 'implementation-status': obj('implementation-status'), remarks: 'text',
    },
  },
  'target-status': { required: ['state'], members: { state: { enum: ['satisfied', 'not-satisfied'] }, reason: 'token', remarks: 'text' } },
  'implementation-status': { required: ['state'], members: { state: { enum: ['implemented', 'partial', 'planned', 'alternative', 'not-applicable'] }, remarks: 'text' } },
  'related-observation': { required: ['observation-uuid'], members: { 'observation-uuid': 'uuid' } },
  'related-risk': { required: ['risk-uuid'], members: { 'risk-uuid': 'uuid' } },
  'back-matter': { required: [], members: { resources: arr(obj('resource')) } },
  resource: { required: ['uuid'], members: { uuid: 'uuid', title: 'text', description: 'text', props: arr(obj('property')), rlinks: arr(obj('rlink')), remarks: 'text' } },
  rlink: { required: ['href'], members: { href: 'uri-ref', 'media-type': 'string', hashes: arr(obj('hash')) } },
  hash: { required: ['algorithm', 'value'], members: { algorithm: { enum: ['SHA-224', 'SHA-256', 'SHA-384', 'SHA-512', 'SHA3-224', 'SHA3-256', 'SHA3-384', 'SHA3-512'] }, value: 'string' } },
};

/** Every violation found, as "path: message". Empty means the document conforms to this subset. */
export function validateOscal(doc: unknown): string[] {
  const errors: string[] = [];
  const check = (v: unknown, spec: Spec, path: string) => {
    if (typeof spec === 'string') {
      if (spec === 'int') {
        if (!Number.isInteger(v)) errors.push(`${path}: not an integer`);
        return;
      }
      if (typeof v !== 'string') return void errors.push(`${path}: not a string`);
      if (spec === 'text' || spec === 'uri-ref') {
        if (spec === 'uri-ref' && /\s/.test(v)) errors.push(`${path}: URI reference with whitespace`);
        return;
      }
      const re = PATTERNS[spec]!;
      if (!re.test(v)) errors.push(`${path}: ${JSON.stringify(v)} is not a valid ${spec}`);
      return;
    }
    if ('enum' in spec) {
      if (!spec.enum.includes(v as string)) errors.push(`${path}: ${JSON.stringify(v)} not one of ${spec.enum.join(', ')}`);
      return;
    }
    if ('array' in spec) {
      if (!Array.isArray(v)) return void errors.push(`${path}: not an array`);
      if (v.length === 0) errors.push(`${path}: empty array (minItems 1)`);
      v.forEach((x, i) => check(x, spec.array, `${path}[${i}]`));
      return;
    }
    const a = ASSEMBLIES[spec.object]!;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return void errors.push(`${path}: not an object`);
    const o = v as Record<string, unknown>;
    for (const r of a.required) if (!(r in o)) errors.push(`${path}: missing required ${r}`);
    for (const [k, x] of Object.entries(o)) {
      const m = a.members[k];
      if (!m) errors.push(`${path}: member ${k} is not allowed in ${spec.object}`);
      else check(x, m, `${path}.${k}`);
    }
  };
  check(doc, { object: 'root' }, '$');
  return errors;
}
