/** The two message unions. Handlers switch on `msg.t` (with WorkerTag / MasterTag) and end with `assertNever`. */
import type { AckMessage } from './messages/ack.js';
import type { BundleMessage } from './messages/bundle.js';
import type { ClockReplyMessage, ClockRequestMessage } from './messages/clock-sync.js';
import type { QuitMessage, StopMessage, StoppedMessage } from './messages/control.js';
import type { HelloMessage } from './messages/hello.js';
import type { PlanMessage } from './messages/plan.js';
import type { ReadyMessage } from './messages/ready.js';
import type { ReportMessage } from './messages/report.js';
import type { StartedMessage } from './messages/started.js';
import type { StatusMessage } from './messages/status.js';
import type { WelcomeMessage } from './messages/welcome.js';

/** Worker → master. */
export type WorkerMessage = HelloMessage | ReadyMessage | StartedMessage | ReportMessage | StatusMessage | ClockRequestMessage | StoppedMessage;

/** Master → worker. */
export type MasterMessage = WelcomeMessage | BundleMessage | PlanMessage | StopMessage | QuitMessage | AckMessage | ClockReplyMessage;

export type AnyMessage = WorkerMessage | MasterMessage;

/** Ends a `switch` over a message union: a compile error when a case is missing. */
export function assertNever(x: never): never {
  const tag = typeof x === 'object' && x !== null && 't' in x ? String((x as { t: unknown }).t) : typeof x;
  throw new Error(`unhandled message type ${tag}: a switch over a message union is missing a case`);
}
