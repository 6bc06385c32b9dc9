// What the findings list shows: scope, filters, search, grouping, open groups and sort. Lives outside
// the list so the verdict band, the roll-up and the framework view can set filters too. The list
// itself is selected in the worker (core/views/findings-query) from `query()`.
import type { Severity } from '../../core/types';
import type { FindingSortKey, FindingsQuery, StatusScope } from '../../core/views';

export type { FindingSortKey, StatusScope };

export class FindingsView {
  scope = $state<StatusScope>('attention');
  severity = $state<Severity | ''>('');
  rule = $state('');
  account = $state('');
  /** `framework|edition`, or '' for every framework. */
  edition = $state('');
  search = $state('');
  grouped = $state(true);
  expanded = $state.raw<readonly string[]>([]);
  sortKey = $state<FindingSortKey>('status');
  sortDir = $state<1 | -1>(1);

  /** Back to the default view: what needs attention, grouped by rule. */
  reset(): void {
    this.scope = 'attention';
    this.severity = '';
    this.rule = '';
    this.account = '';
    this.edition = '';
    this.search = '';
    this.expanded = [];
  }

  get filtered(): boolean {
    return this.scope !== 'attention' || this.severity !== '' || this.rule !== '' || this.account !== '' || this.edition !== '' || this.search.trim() !== '';
  }

  sortBy(key: FindingSortKey): void {
    if (this.sortKey === key) this.sortDir = this.sortDir === 1 ? -1 : 1;
    else {
      this.sortKey = key;
      this.sortDir = 1;
    }
  }

  toggle(ruleId: string): void {
    this.expanded = this.expanded.includes(ruleId) ? this.expanded.filter((r) => r !== ruleId) : [...this.expanded, ruleId];
  }

  query(): FindingsQuery {
    return {
      scope: this.scope,
      severity: this.severity,
      rule: this.rule,
      account: this.account,
      edition: this.edition,
      search: this.search,
      grouped: this.grouped,
      expanded: [...this.expanded],
      sort: this.sortKey,
      dir: this.sortDir,
    };
  }
}
