import { generate, parseArgs, serialize } from './scripts/gen-trail';
import { parseCloudTrail } from './src/core/cloudtrail/read';
const o = parseArgs(['--records', '200000']);
const gen = generate(o);
const text = serialize(gen, 's3');
console.log('has Root', (text.match(/Root/g) ?? []).length, 'has \\u', (text.match(/\\u/g) ?? []).length);
for (let i = 0; i < 4; i++) {
  const t0 = performance.now();
  const r = parseCloudTrail(text, 'x', 'cloudtrail-json', { naiveTimeOffsetMinutes: 0 });
  console.log('ms', Math.round(performance.now() - t0), r.records, r.rootEvents.length);
}
