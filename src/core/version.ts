// Filled at build time by Vite `define` (and by the CLI from package.json); defaults for tests.
declare const __CREDAUDIT_VERSION__: string | undefined;
declare const __CREDAUDIT_BUILD__: string | undefined;

export const TOOL = {
  name: 'credaudit',
  version: typeof __CREDAUDIT_VERSION__ === 'string' ? __CREDAUDIT_VERSION__ : '0.0.0-dev',
  build: typeof __CREDAUDIT_BUILD__ === 'string' ? __CREDAUDIT_BUILD__ : 'dev',
};
