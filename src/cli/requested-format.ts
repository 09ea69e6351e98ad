import type { HeadlessFormat } from "../modes/headless/sink.ts";

/**
 * The output format a root run asked for, read from the raw arguments and KIT_* variables with the
 * precedence of headlessFormat. It is for an error found before the flags and the config are parsed
 * (an unknown flag, a bad config file, a bad value), which must still come out in the format's own
 * error shape: under --json, one JSON line on stderr and nothing else.
 */
export function requestedFormat(argv: string[], env: NodeJS.ProcessEnv): HeadlessFormat {
  let output = env.KIT_OUTPUT;
  let json = isTrue(env.KIT_JSON);
  let quiet = isTrue(env.KIT_QUIET);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    if (arg === "--json") json = true;
    else if (arg === "--quiet") quiet = true;
    else if (arg === "--output") output = argv[++i];
    else if (arg.startsWith("--output=")) output = arg.slice("--output=".length);
  }
  if (output === "json" || output === "stream-json") return output;
  if (json) return "json";
  return quiet ? "quiet" : "text";
}

function isTrue(v: string | undefined): boolean {
  return v === "true" || v === "1" || v === "yes";
}
