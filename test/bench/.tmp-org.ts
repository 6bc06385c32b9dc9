import { orgTrailRows } from './org-trail';
for (const r of orgTrailRows()) console.log(r.join(' | '));
