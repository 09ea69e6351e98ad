/**
 * Warnings raised with process.emitWarning (a library's DeprecationWarning, an SDK's notice about the
 * runtime) are printed by Bun on stderr as "(node:PID) …", whatever listens for them: over the
 * interactive screen, or into a pipeline's stderr once per call. While routed, process.emitWarning
 * gives each distinct warning to the mode once instead (a notice line, a "kit:" line on stderr).
 * Re-emitting the "warning" event is no way around it: Bun prints on that event too.
 */
export function routeProcessWarnings(report: (message: string) => void): () => void {
  const seen = new Set<string>();
  const original = process.emitWarning;
  process.emitWarning = ((warning: string | Error, options?: string | { type?: string }) => {
    const type = typeof options === "string" ? options : options?.type;
    const name = typeof warning === "string" ? (type ?? "Warning") : warning.name;
    const text = typeof warning === "string" ? warning : warning.message;
    const message = `${name === "Warning" ? "warning" : name}: ${text}`;
    if (seen.has(message)) return;
    seen.add(message);
    report(message);
  }) as typeof process.emitWarning;
  return () => {
    process.emitWarning = original;
  };
}
