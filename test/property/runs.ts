// How many cases each property test tries: ~200 in `npm test` (the whole property suite stays
// under a minute), PROPERTY_RUNS=10000 for the nightly run (`npm run test:property:nightly`).
const fromEnv = Number(process.env.PROPERTY_RUNS);

export const PROPERTY_RUNS = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 200;


/** Time a property test may take: room for PROPERTY_RUNS audits of small inputs (about 50 ms each on a busy 2-core machine). */
export const PROPERTY_TIMEOUT_MS = 30_000 + PROPERTY_RUNS * 60;
