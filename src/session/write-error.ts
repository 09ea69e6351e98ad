import { EXIT, KitError } from "../errors.ts";

/**
 * A session file that could not be written (disk full, no permission, a file-size limit, another
 * process creating the same file): exit 1 with error kind `session_write`, and a message that says
 * what happened and what to do (spec/cli.md: every error says what to do next).
 */
export class SessionWriteError extends KitError {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message, EXIT.runFailed, "session_write");
    this.name = "SessionWriteError";
  }
}

/** The SessionWriteError for a failed write, open or sync of the session file `path`. */
export function sessionWriteError(path: string, err: unknown): SessionWriteError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const [what, todo] = explain(code, err);
  return new SessionWriteError(path, code, `cannot write the session file ${path}: ${what}${code ? ` (${code})` : ""}; ${todo}, or run with --no-session to keep no session`);
}

function explain(code: string | undefined, err: unknown): [string, string] {
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return ["the disk is full", "free some space"];
    case "EFBIG":
      return ["the file reached the file-size limit (ulimit -f)", "raise the limit"];
    case "EACCES":
    case "EPERM":
      return ["permission denied", "make the file and its directory writable"];
    case "EROFS":
      return ["the file system is read-only", "use a writable location"];
    case "EEXIST":
      // The exclusive create of a new session file; anything else (a file where a directory should be) is below.
      if ((err as NodeJS.ErrnoException).syscall === "open") {
        return ["another process created this file at the same moment", "continue it with --session <file>, or give a new file name"];
      }
      return [err instanceof Error ? err.message : String(err), "check the file and its directory"];
    default:
      return [err instanceof Error ? err.message : String(err), "check the file and its directory"];
  }
}
