// The build's CSP and licence helpers (scripts/vite-plugins.mjs), without running a build.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CSP_MULTI, cspString, readLicense, scriptHash, scriptsOf, singleFileCsp } from '../../scripts/vite-plugins.mjs';

describe('CSP', () => {
  it('multi-file policy: nothing connects, scripts only from the page origin, WebAssembly but no eval', () => {
    expect(CSP_MULTI).toBe(
      "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'none'; worker-src blob: 'self'; style-src 'self' 'unsafe-inline'; img-src data: blob: 'self'; font-src 'none'; object-src 'none'; frame-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'",
    );
    expect(CSP_MULTI.replace("'wasm-unsafe-eval'", '')).not.toContain('unsafe-eval');
  });

  it('hashes each inline script exactly as written (what the browser compares)', () => {
    const code = 'console.log("é")\n';
    expect(scriptHash(code)).toBe(`'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`);
    const html = `<head><script type="module">${code}</script><script>b()</script></head>`;
    expect(scriptsOf(html).map((s) => s.code)).toEqual([code, 'b()']);
    expect(singleFileCsp(html)).toBe(cspString(`${scriptHash(code)} ${scriptHash('b()')}`));
  });

  it('refuses a single file that still loads a script file, or code whose hash could not match', () => {
    expect(() => singleFileCsp('<script type="module" src="./a.js"></script><script>x</script>')).toThrow(/external scripts/);
    expect(() => singleFileCsp('<p>no script</p>')).toThrow(/no inline script/);
    expect(() => singleFileCsp('<script>a\r\nb</script>')).toThrow(/raw CR/);
  });
});

describe('licences', () => {
  it('reads name, version, licence and the licence text from node_modules', () => {
    const l = readLicense('node_modules/papaparse');
    expect(l).toMatchObject({ name: 'papaparse', license: 'MIT', author: 'Matthew Holt' });
    expect(l.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(l.text).toMatch(/Permission is hereby granted/);
    expect(readLicense('node_modules/yaml')).toMatchObject({ name: 'yaml', license: 'ISC' });
  });
});
