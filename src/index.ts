/**
 * The public loadfile API: `import { HttpUser, task, between } from 'stampede'`.
 * Loadfiles are bundled with this import left out; at run time it resolves to the worker's own
 * copy of these values (see src/scenario/api.ts), so only values exported here reach loadfiles.
 */
export { HttpUser } from './scenario/user.js';
export { task, tag } from './scenario/decorators.js';
export { between, constant, constantPacing, constantThroughput } from './scenario/wait.js';
export type { WaitTime } from './scenario/wait.js';
export type { HttpClient, OkStatus, QueryValue, RequestOptions, Response } from './scenario/http-types.js';
export type { TaskTable } from './scenario/discover.js';
