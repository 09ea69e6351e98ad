import { rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Where `kit upgrade` keeps the previous binary: `kit.old` beside `kit` (or `kit.exe`). */
export function oldBinaryPath(executable: string): string {
  return join(dirname(executable), `${basename(executable).replace(/\.exe$/i, "")}.old`);
}

/**
 * Removes the `kit.old` an upgrade left, at the start after it (one unlink; nothing to remove is the
 * usual case). The upgrading process kept it: it was still running from that file.
 */
export function removeOldBinary(executable: string): void {
  try {
    rmSync(oldBinaryPath(executable), { force: true });
  } catch {
    // Still running (Windows keeps a running .exe), or not this user's to remove: the next start tries again.
  }
}
