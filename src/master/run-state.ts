/** The master's run state machine (DESIGN.md §2). */
export type RunState = 'waiting' | 'spawning' | 'running' | 'stopping' | 'stopped';

const NEXT: Record<RunState, readonly RunState[]> = {
  waiting: ['spawning', 'stopped'],
  spawning: ['running', 'stopping', 'spawning'],
  running: ['spawning', 'stopping', 'running'],
  stopping: ['stopped'],
  stopped: ['spawning', 'stopped'],
};

/** True when the machine may go from `from` to `to`. */
export function canMove(from: RunState, to: RunState): boolean {
  return NEXT[from].includes(to);
}
