// One palette for statuses, severities and windows, used by badges, cards, charts and the print
// view alike. Okabe-Ito hues (colour-blind safe); text on every fill is near-black (#111), at least
// 5.4:1 (WCAG AA) in both themes. Colour is never the only cue: every badge says its word.
import type { Severity, Status } from '../core/types';

const VERMILLION = '#D55E00';
const ORANGE = '#E69F00';
const YELLOW = '#F5C710';
const SKY = '#56B4E9';
const GREEN = '#009E73';
const PINK = '#CC79A7';
const GREY = '#BBBBBB';
const LIGHT_GREY = '#DDDDDD';

export const SEVERITY_COLOR: Record<Severity | 'pass', string> = {
  critical: VERMILLION,
  high: ORANGE,
  medium: YELLOW,
  low: SKY,
  info: GREY,
  pass: GREEN,
};

export const STATUS_COLOR: Record<Status, string> = {
  FAIL: VERMILLION,
  PASS: GREEN,
  NEEDS_EVIDENCE: GREY,
  NOT_APPLICABLE: LIGHT_GREY,
  EXCEPTED: PINK,
};

/**
 * Where a last use falls against the windows: inside the shortest (vermillion), inside only a
 * longer one (orange), outside every window (grey: "not recent" is a fact, not a pass — an active
 * root key unused for years is still a critical finding, so it is never green).
 */
export type WindowPlace = 'shortest' | 'longer' | 'outside';

export const WINDOW_COLOR: Record<WindowPlace, string> = {
  shortest: VERMILLION,
  longer: ORANGE,
  outside: GREY,
};

export const WINDOW_WORD: Record<WindowPlace, string> = {
  shortest: 'vermillion',
  longer: 'orange',
  outside: 'grey',
};

/** `within`: the windows (days) the use falls inside; `windows`: every configured window. */
export function windowPlace(within: readonly number[], windows: readonly number[]): WindowPlace {
  if (within.length === 0) return 'outside';
  return within.includes(windows.reduce((m, w) => Math.min(m, w), Infinity)) ? 'shortest' : 'longer';
}

/** Series hues for charts whose series are not statuses (accounts, credential kinds). */
export const SERIES_BLUE = '#0072B2';
export const SERIES_PURPLE = PINK;
export const SERIES_SKY = SKY;
export const SERIES = [SERIES_BLUE, ORANGE, SKY, PINK, YELLOW, GREEN] as const;
