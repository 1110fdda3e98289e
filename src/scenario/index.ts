/** The loadfile side of stampede, for the master and the workers (loadfiles import src/index.ts). */
export { bundleLoadfile, type LoadfileBundle } from './bundle.js';
export { loadBundle, type LoadedLoadfile } from './load.js';
export {
  describeUserClass,
  filterTasksByTags,
  isUserClass,
  type TaskInfo,
  type TaskTable,
  type UserClass,
  type UserClassInfo,
} from './discover.js';
export { HttpUser, bindUserContext, type UserContext } from './user.js';
export { isWaitTime, type WaitTime } from './wait.js';
export { installApi, API_EXPORT_NAMES } from './api.js';
export type { HttpClient, OkStatus, QueryValue, RequestOptions, Response } from './http-types.js';
