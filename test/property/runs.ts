// How many cases each property test tries: ~200 in `npm test` (the whole property suite stays
// under a minute), PROPERTY_RUNS=10000 for the nightly run (`npm run test:property:nightly`).
const fromEnv = Number(process.env.PROPERTY_RUNS);

export const PROPERTY_RUNS = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 200;

/** For properties whose single case is heavy (a whole audit of several files): a tenth of the runs, at least 20. */
export const HEAVY_PROPERTY_RUNS = Math.max(20, Math.round(PROPERTY_RUNS / 10));

/** Time a property test may take: room for PROPERTY_RUNS audits of small inputs (about 50 ms each on a busy 2-core machine). */
export const PROPERTY_TIMEOUT_MS = 30_000 + PROPERTY_RUNS * 60;
