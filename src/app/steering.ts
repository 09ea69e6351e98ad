import type { ExtensionRunner } from "../extensions/runner.ts";
import type { Message } from "../llm/types.ts";

/**
 * Messages sent into the running turn (Enter while a turn runs, ctx.steer). They wait here until the
 * agent loop asks for them before its next model call (AgentHooks.steering); only then does each
 * pass the `input` event (source "steer"), which may rewrite or swallow it, and become a user message
 * of the turn. What was never taken goes back to whoever asks (a cancel puts it back in the input;
 * a turn that ended first runs it as a follow-up).
 */
export class SteeringInbox {
  private readonly waiting: string[] = [];

  constructor(
    private readonly runner: () => ExtensionRunner | undefined,
    /** The waiting messages changed (one arrived, or the turn took them): a mode shows them. */
    private readonly changed: () => void = () => {},
  ) {}

  /** The messages not yet delivered, oldest first. */
  get pending(): readonly string[] {
    return this.waiting;
  }

  add(text: string): void {
    this.waiting.push(text);
    this.changed();
  }

  /** The loop's steering hook: the waiting messages as user messages, after `input` had its say. */
  async take(): Promise<Message[]> {
    if (this.waiting.length === 0) return [];
    const texts = this.waiting.splice(0);
    this.changed();
    const messages: Message[] = [];
    for (let text of texts) {
      const input = await this.runner()?.emitResult("input", { text, source: "steer" });
      if (input?.action === "handled") continue;
      if (input?.action === "transform" && typeof input.text === "string") text = input.text;
      messages.push({ role: "user", content: [{ type: "text", text }] });
    }
    return messages;
  }

  /** The messages no turn took, which leave the inbox. */
  takeBack(): string[] {
    const texts = this.waiting.splice(0);
    if (texts.length) this.changed();
    return texts;
  }
}
