// Light / dark theme: follows prefers-color-scheme until the user picks one with the toggle.
export type Theme = 'light' | 'dark';

const KEY = 'credaudit-theme';

function stored(): Theme | undefined {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : undefined;
  } catch {
    return undefined; // storage can be unavailable (file://, privacy modes)
  }
}

export class ThemeState {
  system = $state<Theme>('light');
  choice = $state<Theme | undefined>(undefined);
  effective = $derived<Theme>(this.choice ?? this.system);

  constructor() {
    if (typeof window === 'undefined') return;
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    this.system = mq.matches ? 'dark' : 'light';
    mq.addEventListener('change', (e) => (this.system = e.matches ? 'dark' : 'light'));
    this.choice = stored();
  }

  toggle(): void {
    this.choice = this.effective === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(KEY, this.choice);
    } catch {
      // not persisted; fine
    }
  }

  /** Back to following the system setting. */
  followSystem(): void {
    this.choice = undefined;
    try {
      localStorage.removeItem(KEY);
    } catch {
      // ignore
    }
  }

  /** Applies the theme to <html> (CSS variables key off data-theme). */
  apply(): void {
    document.documentElement.dataset.theme = this.effective;
    document.documentElement.style.colorScheme = this.effective;
  }
}

/** Colours chart.js needs (it draws on canvas, so CSS variables do not reach it). */
export function chartColors(theme: Theme): { text: string; grid: string; muted: string; surface: string } {
  return theme === 'dark'
    ? { text: '#e8eaed', grid: '#3a4049', muted: '#b4bac4', surface: '#1c1f24' }
    : { text: '#1a1a1a', grid: '#d5d9df', muted: '#4a4f57', surface: '#ffffff' };
}
