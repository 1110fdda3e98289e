import { StampedeError } from '../errors.js';
import { CloseCode, type CloseCodeValue } from './close-codes.js';

/** The codes a ProtocolError carries (all in src/errors.ts ERROR_CODES). */
export type ProtocolErrorCode =
  | 'STAMPEDE_ERR_PROTOCOL_BAD_FRAME'
  | 'STAMPEDE_ERR_PROTOCOL_UNKNOWN_TYPE'
  | 'STAMPEDE_ERR_PROTOCOL_VERSION';

const DEFAULT_CLOSE: Readonly<Record<ProtocolErrorCode, CloseCodeValue>> = {
  STAMPEDE_ERR_PROTOCOL_BAD_FRAME: CloseCode.BAD_FRAME,
  STAMPEDE_ERR_PROTOCOL_UNKNOWN_TYPE: CloseCode.BAD_FRAME,
  STAMPEDE_ERR_PROTOCOL_VERSION: CloseCode.VERSION_MISMATCH,
};

/**
 * A frame that broke the protocol: `code` is for programs, `closeCode` is what the receiving end
 * closes the WebSocket with (ws style), and the message says what was wrong.
 */
export class ProtocolError extends StampedeError {
  declare readonly code: ProtocolErrorCode;
  readonly closeCode: CloseCodeValue;

  constructor(code: ProtocolErrorCode, message: string, closeCode: CloseCodeValue = DEFAULT_CLOSE[code], options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'ProtocolError';
    this.closeCode = closeCode;
  }
}

export function isProtocolError(err: unknown): err is ProtocolError {
  return err instanceof ProtocolError;
}
