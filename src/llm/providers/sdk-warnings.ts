/**
 * Runs `fn` while catching what it writes with console.warn. The Anthropic SDK warns about deprecated
 * models that way, synchronously inside `messages.create`, with no option to turn it off; on the
 * console it would corrupt --quiet and --json output, so it becomes a `warning` stream event instead.
 */
export function captureConsoleWarnings<T>(fn: () => T): { value: T; warnings: string[] } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(" "));
  try {
    return { value: fn(), warnings };
  } finally {
    console.warn = original;
  }
}

/**
 * An SDK's warning as one notice line: its first line, and of that its first sentence ("The model
 * 'x' is deprecated and will reach end-of-life on …"); the links and advice after it are the SDK's
 * boilerplate.
 */
export function sdkNotice(message: string): string {
  const line = message.trim().split("\n", 1)[0]!.replace(/\s+/g, " ");
  return /^.*?\.(?=\s)/.exec(line)?.[0] ?? line;
}
