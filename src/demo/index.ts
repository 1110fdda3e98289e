/** The demo API that `npm run demo` and the examples run against. */
export { startDemoTarget, DEMO_DEFAULTS, MAX_BODY_BYTES, type DemoTarget, type DemoTargetOptions } from './target.js';
export { SEARCH_FAILURE_EVERY } from './misc-routes.js';
export { SEED_USERS } from './user-store.js';
export { TASK_DURATION_MS } from './tasks.js';
