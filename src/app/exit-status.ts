import type { TurnResult } from "../agent/types.ts";
import { EXIT, type ExitCode } from "../errors.ts";
import type { ErrorKind } from "../llm/types.ts";

/** Exit code of a finished turn (spec/cli.md, Exit codes). */
export function exitCodeOf(result: TurnResult): ExitCode {
  switch (result.stopReason) {
    case "stop":
    case "length":
      return EXIT.ok;
    // A script must tell "the model declined" from an empty success.
    case "refusal":
      return EXIT.runFailed;
    case "max_steps":
    case "max_cost":
      return EXIT.limit;
    case "cancelled":
      return EXIT.interrupted;
    case "error":
      return result.error ? exitCodeOfError(result.error.kind) : EXIT.runFailed;
  }
}

export function exitCodeOfError(kind: ErrorKind): ExitCode {
  switch (kind) {
    case "auth":
    case "quota":
      return EXIT.auth;
    case "rate_limit":
    case "overloaded":
    case "server":
    case "network":
      return EXIT.unavailable;
    case "context_overflow":
      return EXIT.contextOverflow;
    case "aborted":
      return EXIT.interrupted;
    case "invalid_request":
      return EXIT.runFailed;
  }
}

/** What a refusal is reported as: the provider's explanation, or that the model declined. */
export function refusalMessage(result: TurnResult): string {
  return result.refusal ? `the model declined to answer: ${result.refusal}` : "the model declined to answer";
}

/** What to do next, for each way a provider call can fail. */
export function adviceFor(kind: ErrorKind, provider: string): string {
  switch (kind) {
    case "auth":
      return `check the API key or credentials for ${provider} (its key variable, e.g. ANTHROPIC_API_KEY / OPENAI_API_KEY / GEMINI_API_KEY, or --provider-api-key)`;
    case "rate_limit":
    case "overloaded":
    case "server":
      return "the provider is busy or failing; try again later (retries are set with max-retries)";
    case "network":
      return "check the network connection and --provider-url";
    case "context_overflow":
      return "the conversation no longer fits the model's context window; start a new session or use a model with a larger window";
    case "quota":
      return `the ${provider} account is out of credit or over its spending limit (a billing/quota problem, not a busy server): add credit or raise the limit in the provider's billing settings, or use another provider`;
    case "invalid_request":
      return "the provider rejected the request; check the model name and generation flags (run with --debug for details)";
    case "aborted":
      return "the run was interrupted";
  }
}
