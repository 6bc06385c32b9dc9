// Types for scripts/vite-plugins.mjs (plain ESM so that Vite's config loader needs no TypeScript).
import type { Plugin } from 'vite';

export interface LicenseInfo {
  name: string;
  version: string;
  license: string;
  author?: string;
  homepage?: string;
  /** The package's LICENSE file, verbatim. */
  text?: string;
}

export function buildInfo(root: string): { version: string; build: string };
export function cspString(scriptSrc: string): string;
export const CSP_MULTI: string;
export function scriptHash(code: string): string;
export function scriptsOf(html: string): { attrs: string; code: string }[];
export function singleFileCsp(html: string): string;
export function cspPlugin(kind: 'multi' | 'single'): Plugin;
export function readLicense(dir: string): LicenseInfo;
export function licensesPlugin(root: string, seeds: string[]): { plugin: Plugin; workerPlugin: () => Plugin };
export function singleFileAfterPlugin(root: string): Plugin;
