// Errors the page could not handle, for the visible banner (PageErrors.svelte). Bounded: a loop of
// the same failure adds one line with a count, not thousands.
class PageErrorList {
  list = $state.raw<string[]>([]);
  #counts = new Map<string, number>();

  add(message: string): void {
    const n = (this.#counts.get(message) ?? 0) + 1;
    this.#counts.set(message, n);
    const lines = [...this.#counts].slice(-5).map(([m, c]) => (c > 1 ? `${m} (×${c})` : m));
    this.list = lines;
  }

  clear(): void {
    this.#counts.clear();
    this.list = [];
  }
}

export const pageErrors = new PageErrorList();
