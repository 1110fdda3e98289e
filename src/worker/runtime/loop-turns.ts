/**
 * Counts request completions, which always arrive in an event-loop callback (socket data, timer).
 * A user loop compares the count before and after a task: unchanged means the task never left the
 * microtask queue (no I/O), so the loop yields with setImmediate before the next task; otherwise
 * a user whose tasks never await real I/O would starve timers, sockets and stop().
 */
export const loopTurns = { count: 0 };
