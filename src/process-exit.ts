/**
 * process.exit as it was when kit started. kit's own exits (the CLI's exit code, a second signal, the
 * terminal's signal handler) go through this: while extensions run, process.exit itself is theirs
 * and does not end the process (extensions/process-guard.ts). Imported by the CLI's entry module, so
 * it is taken before any extension code runs.
 */
export const exitProcess: (code?: number) => never = process.exit.bind(process);
