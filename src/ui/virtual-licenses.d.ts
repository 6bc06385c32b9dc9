// Generated at build time by scripts/vite-plugins.mjs (licensesPlugin): the npm packages whose code
// is bundled into the page and the worker, with their licence texts.
declare module 'virtual:credaudit-licenses' {
  export interface BundledLicense {
    name: string;
    version: string;
    license: string;
    author?: string;
    homepage?: string;
    text?: string;
  }
  export const licenses: BundledLicense[];
}
