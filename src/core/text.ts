// Small text helpers shared by readers, rules and exceptions.

/** Shortens a value quoted in a message so a huge cell cannot flood the problems list. */
export function clip(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * Characters that change how text around them is shown without being seen themselves: bidi
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, the marks U+200E, U+200F,
 * U+061C), zero-width characters (U+200B–U+200D, U+2060–U+2064, U+FEFF) and the Unicode line and
 * paragraph separators (U+2028, U+2029). "admin\u202Egnp.exe" is shown as "adminexe.png".
 */
export const INVISIBLE_CONTROLS = /[\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * Text from the inputs with every INVISIBLE_CONTROLS character written as a visible `\uXXXX`
 * escape, so a name cannot pretend to be another. The one helper every output uses (text,
 * Markdown, CSV, OSCAL, the page).
 */
export function visibleText(s: string): string {
  return s.replace(INVISIBLE_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
