/**
 * Errors that end a run with one of the exit codes of spec/cli.md. Thrown outside streams (config,
 * flags, startup); the CLI maps them to the exit code and prints the message, which always says what
 * to do next.
 */
export const EXIT = {
  ok: 0,
  runFailed: 1,
  usage: 2,
  auth: 3,
  unavailable: 4,
  contextOverflow: 5,
  limit: 6,
  /** 128 + the signal's number, the shell's convention. */
  hangup: 129,
  interrupted: 130,
  /** stdout's reader went away (EPIPE, SIGPIPE). */
  pipeClosed: 141,
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class KitError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** Short machine-readable kind for JSON error output. */
    readonly kind: string,
  ) {
    super(message);
    this.name = "KitError";
  }
}

/** Bad flag, bad config, bad model format, empty prompt: exit 2. */
export class UsageError extends KitError {
  constructor(message: string) {
    super(message, EXIT.usage, "usage");
    this.name = "UsageError";
  }
}

/** Missing or rejected credentials: exit 3. */
export class AuthError extends KitError {
  constructor(message: string) {
    super(message, EXIT.auth, "auth");
    this.name = "AuthError";
  }
}
