/**
 * Whether a process still exists: used to tell a stale lock or partial download (left by a killed run)
 * from one a live process holds. `EPERM` means it exists under another user.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
