import type { Logger } from 'pino';

/** The logger type every module receives (pino). Modules never create their own. */
export type { Logger };
