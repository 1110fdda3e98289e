/** The master ↔ worker wire protocol: the only place that knows message tags (docs/protocol.md). */
export * from './constants.js';
export * from './close-codes.js';
export { ProtocolError, isProtocolError, type ProtocolErrorCode } from './errors.js';
export type { Direction, MessageSpec } from './spec.js';
export { encode, encodeIfFits, decodeWorkerMessage, decodeMasterMessage, MSGPACK_OPTIONS, type FrameData } from './codec.js';
export { assertNever, type AnyMessage, type MasterMessage, type WorkerMessage } from './unions.js';
export { WorkerTag, WORKER_SPECS } from './worker-messages.js';
export { MasterTag, MASTER_SPECS } from './master-messages.js';
export { decodeIntervalSnapshot } from './snapshot.js';
export { AUTH_HEADER, authHeaders, bearer, generateToken, tokenFromHeaders, tokensEqual } from './auth.js';
export { CLIENT_WS_OPTIONS, HANDSHAKE_TIMEOUT_MS, SERVER_WS_OPTIONS, masterUrl, wsClientOptions } from './ws-options.js';
export { hello, decodeHello, helloSpec, type HelloFields, type HelloMessage } from './messages/hello.js';
export { welcome, decodeWelcome, welcomeSpec, type WelcomeMessage } from './messages/welcome.js';
export { bundle, decodeBundle, bundleSpec, type BundleMessage } from './messages/bundle.js';
export { ready, decodeReady, readySpec, type ReadyMessage, type WireError } from './messages/ready.js';
export { plan, decodePlan, planSpec, type PlanMessage, type PlanOptions, type PlanOpen, type PlanRateStage } from './messages/plan.js';
export { report, decodeReport, reportSpec, type ReportMessage } from './messages/report.js';
export { ack, decodeAck, ackSpec, type AckMessage } from './messages/ack.js';
export { status, decodeStatus, statusSpec, type StatusMessage } from './messages/status.js';
export { started, decodeStarted, startedSpec, type StartedMessage } from './messages/started.js';
export {
  clockRequest,
  clockReply,
  decodeClockRequest,
  decodeClockReply,
  clockRequestSpec,
  clockReplySpec,
  type ClockRequestMessage,
  type ClockReplyMessage,
} from './messages/clock-sync.js';
export {
  stop,
  quit,
  stopped,
  decodeStop,
  decodeQuit,
  decodeStopped,
  stopSpec,
  quitSpec,
  stoppedSpec,
  type StopMessage,
  type QuitMessage,
  type StoppedMessage,
} from './messages/control.js';
