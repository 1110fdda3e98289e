/** The virtual-user runtime of a worker: Runner drives the users; UserHttpClient is their client. */
export { Runner, type RunnerOptions } from './runner.js';
export { UserHttpClient, type ClientConfig } from './http-client.js';
export { classifyNetworkError } from './network-error.js';
export type { ArrivalSchedule, OpenPlan } from './open/types.js';
export { ArrivalTimes, arrivalTimeMs, checkSchedule, cumulativeArrivals, scheduleEndMs, totalArrivals } from './open/schedule.js';
export { ArrivalQueue, checkOpenPlan, firstOwnedArrival, type Arrival } from './open/arrival-queue.js';
