/**
 * Scripted answers for the MockContext's prompts. Each kind of prompt has its own queue, answered in
 * order; a prompt with no answer left is cancelled, as if the user pressed Esc. An answer may give
 * only part of the result: the rest is derived from the prompt (a select's index from its value and
 * the other way round; an empty answer takes the prompt's default, as if the user pressed Enter).
 */

export type PromptKind = "select" | "confirm" | "input" | "multiSelect" | "overlay";

export interface SelectAnswer {
  cancelled?: boolean;
  value?: string;
  index?: number;
}
export interface ConfirmAnswer {
  cancelled?: boolean;
  value?: boolean;
}
export interface InputAnswer {
  cancelled?: boolean;
  value?: string;
}
export interface MultiSelectAnswer {
  cancelled?: boolean;
  values?: string[];
  indices?: number[];
}
export interface OverlayAnswer {
  cancelled?: boolean;
  action?: string;
  index?: number;
}

/** A prompt the extension showed, as the MockContext records it. */
export interface RecordedPrompt {
  kind: PromptKind;
  /** The prompt's message (an overlay's title). */
  message: string;
  /** The config the extension passed. */
  config: unknown;
  /** False when no scripted answer was left (or the harness is not interactive). */
  answered: boolean;
}

export class PromptAnswers {
  private readonly queues: { [K in PromptKind]: unknown[] } = { select: [], confirm: [], input: [], multiSelect: [], overlay: [] };

  push(kind: PromptKind, answer: object): void {
    if (typeof answer !== "object" || answer === null) throw new TypeError(`the answer to a ${kind} prompt must be an object`);
    this.queues[kind].push({ ...answer });
  }

  /** The next answer of that kind, or undefined when none is left. */
  take<T>(kind: PromptKind): T | undefined {
    return this.queues[kind].shift() as T | undefined;
  }

  /** How many answers of that kind are still waiting. */
  pending(kind: PromptKind): number {
    return this.queues[kind].length;
  }
}

export function selectResult(options: string[], a: SelectAnswer | undefined): { cancelled: boolean; value: string; index: number } {
  if (!a || a.cancelled) return { cancelled: true, value: "", index: -1 };
  const index = a.index ?? (a.value !== undefined ? options.indexOf(a.value) : 0);
  return { cancelled: false, value: a.value ?? options[index] ?? "", index };
}

export function confirmResult(defaultValue: boolean | undefined, a: ConfirmAnswer | undefined): { cancelled: boolean; value: boolean } {
  if (!a || a.cancelled) return { cancelled: true, value: false };
  return { cancelled: false, value: a.value ?? defaultValue ?? false };
}

export function inputResult(defaultValue: string | undefined, a: InputAnswer | undefined): { cancelled: boolean; value: string } {
  if (!a || a.cancelled) return { cancelled: true, value: "" };
  return { cancelled: false, value: a.value ?? defaultValue ?? "" };
}

export function multiSelectResult(
  options: string[],
  defaultSelected: number[] | undefined,
  a: MultiSelectAnswer | undefined,
): { cancelled: boolean; values: string[]; indices: number[] } {
  if (!a || a.cancelled) return { cancelled: true, values: [], indices: [] };
  // The contract: defaultSelected undefined = all selected.
  const indices = a.indices ?? a.values?.map((v) => options.indexOf(v)) ?? defaultSelected ?? options.map((_, i) => i);
  return { cancelled: false, values: a.values ?? indices.map((i) => options[i] ?? ""), indices };
}

export function overlayResult(actions: string[], a: OverlayAnswer | undefined): { cancelled: boolean; action: string; index: number } {
  if (!a || a.cancelled) return { cancelled: true, action: "", index: -1 };
  const index = a.index ?? (a.action !== undefined ? actions.indexOf(a.action) : actions.length > 0 ? 0 : -1);
  return { cancelled: false, action: a.action ?? actions[index] ?? "", index };
}
