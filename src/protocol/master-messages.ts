/** Master → worker messages: their specs, tags and decoders by tag. */
import { ackSpec } from './messages/ack.js';
import { bundleSpec } from './messages/bundle.js';
import { clockReplySpec } from './messages/clock-sync.js';
import { quitSpec, stopSpec } from './messages/control.js';
import { planSpec } from './messages/plan.js';
import { welcomeSpec } from './messages/welcome.js';
import type { MasterMessage } from './unions.js';

export const MASTER_SPECS = [welcomeSpec, bundleSpec, planSpec, stopSpec, quitSpec, ackSpec, clockReplySpec] as const;

/** Tags of master → worker messages: `switch (msg.t) { case MasterTag.plan: … }`. */
export const MasterTag = {
  welcome: welcomeSpec.tag,
  bundle: bundleSpec.tag,
  plan: planSpec.tag,
  stop: stopSpec.tag,
  quit: quitSpec.tag,
  ack: ackSpec.tag,
  clockReply: clockReplySpec.tag,
} as const satisfies { [K in MasterMessage['t']]: K };

export const MASTER_DECODERS: { readonly [K in MasterMessage['t']]: (u: unknown) => Extract<MasterMessage, { t: K }> } = {
  welcome: welcomeSpec.decode,
  bundle: bundleSpec.decode,
  plan: planSpec.decode,
  stop: stopSpec.decode,
  quit: quitSpec.decode,
  ack: ackSpec.decode,
  clockReply: clockReplySpec.decode,
};
