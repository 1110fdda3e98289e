/** Worker → master messages: their specs, tags and decoders by tag. */
import { clockRequestSpec } from './messages/clock-sync.js';
import { stoppedSpec } from './messages/control.js';
import { helloSpec } from './messages/hello.js';
import { readySpec } from './messages/ready.js';
import { reportSpec } from './messages/report.js';
import { startedSpec } from './messages/started.js';
import { statusSpec } from './messages/status.js';
import type { WorkerMessage } from './unions.js';

export const WORKER_SPECS = [helloSpec, readySpec, startedSpec, reportSpec, statusSpec, clockRequestSpec, stoppedSpec] as const;

/** Tags of worker → master messages: `switch (msg.t) { case WorkerTag.report: … }`. */
export const WorkerTag = {
  hello: helloSpec.tag,
  ready: readySpec.tag,
  started: startedSpec.tag,
  report: reportSpec.tag,
  status: statusSpec.tag,
  clockRequest: clockRequestSpec.tag,
  stopped: stoppedSpec.tag,
} as const satisfies { [K in WorkerMessage['t']]: K };

export const WORKER_DECODERS: { readonly [K in WorkerMessage['t']]: (u: unknown) => Extract<WorkerMessage, { t: K }> } = {
  hello: helloSpec.decode,
  ready: readySpec.decode,
  started: startedSpec.decode,
  report: reportSpec.decode,
  status: statusSpec.decode,
  clockRequest: clockRequestSpec.decode,
  stopped: stoppedSpec.decode,
};
