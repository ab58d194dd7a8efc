/** The message a process sends its parent (over an IPC channel, when it has one) once it serves. */
export const READY_MESSAGE = 'saga-platform:ready';

/** Tells a supervising parent (npm start) that this process is up; a no-op when run alone. */
export function reportReady(): void {
  process.send?.(READY_MESSAGE);
}
