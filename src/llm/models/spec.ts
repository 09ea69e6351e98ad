/**
 * The `provider/model` form of `--model` (spec/cli.md). The provider is everything before the first
 * slash; the model keeps any further slashes, since hosted ids such as `meta-llama/Llama-3` have them.
 */
import { UsageError } from "../../errors.ts";

/** A malformed model spec; a usage error (exit 2) whose message shows the expected form. */
export class ModelSpecError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "ModelSpecError";
  }
}

export const MODEL_SPEC_EXAMPLE = "anthropic/claude-sonnet-latest";

export function parseModelSpec(spec: string): { provider: string; model: string } {
  const text = spec.trim();
  const slash = text.indexOf("/");
  if (text === "" || slash < 0) {
    throw new ModelSpecError(`${describe(spec)}: expected provider/model, e.g. ${MODEL_SPEC_EXAMPLE} or custom/llama3`);
  }
  const provider = text.slice(0, slash).trim().toLowerCase();
  const model = text.slice(slash + 1).trim();
  if (provider === "") {
    throw new ModelSpecError(`${describe(spec)}: the provider before "/" is empty; expected provider/model, e.g. ${MODEL_SPEC_EXAMPLE}`);
  }
  if (model === "") {
    throw new ModelSpecError(`${describe(spec)}: the model after "/" is empty; expected provider/model, e.g. ${MODEL_SPEC_EXAMPLE}`);
  }
  if (/\s/.test(provider) || /\s/.test(model)) {
    throw new ModelSpecError(`${describe(spec)}: a model spec has no spaces; expected provider/model, e.g. ${MODEL_SPEC_EXAMPLE}`);
  }
  return { provider, model };
}

function describe(spec: string): string {
  return spec.trim() === "" ? "empty model" : `invalid model "${spec}"`;
}
