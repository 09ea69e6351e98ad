import type { ExtensionRunner } from "../extensions/runner.ts";
import type { Message, Part } from "../llm/types.ts";

/** A message sent into the running turn, with the files its `@path`s attached (read when it was sent). */
export interface SteeringMessage {
  text: string;
  attachments: Part[];
}

/**
 * Messages sent into the running turn (Enter while a turn runs, ctx.steer). They wait here until the
 * agent loop asks for them before its next model call (AgentHooks.steering); only then does each
 * pass the `input` event (source "steer"), which may rewrite or swallow it, and become a user message
 * of the turn. What was never taken goes back to whoever asks (a cancel puts it back in the input;
 * a turn that ended first runs it as a follow-up).
 */
export class SteeringInbox {
  private readonly waiting: SteeringMessage[] = [];

  constructor(
    private readonly runner: () => ExtensionRunner | undefined,
    /** The waiting messages changed (one arrived, or the turn took them): a mode shows them. */
    private readonly changed: () => void = () => {},
  ) {}

  /** The messages not yet delivered, oldest first. */
  get pending(): readonly string[] {
    return this.waiting.map((m) => m.text);
  }

  add(text: string, attachments: Part[] = []): void {
    this.waiting.push({ text, attachments });
    this.changed();
  }

  /** The loop's steering hook: the waiting messages as user messages, after `input` had its say. */
  async take(): Promise<Message[]> {
    if (this.waiting.length === 0) return [];
    const taken = this.waiting.splice(0);
    this.changed();
    const messages: Message[] = [];
    for (let { text, attachments } of taken) {
      const input = await this.runner()?.emitResult("input", { text, source: "steer" });
      if (input?.action === "handled") continue;
      if (input?.action === "transform" && typeof input.text === "string") text = input.text;
      // As a message of its own: the attached files first, then the text (app.ts, submit).
      messages.push({ role: "user", content: [...attachments, { type: "text", text }] });
    }
    return messages;
  }

  /** The messages no turn took, which leave the inbox. */
  takeBack(): SteeringMessage[] {
    const taken = this.waiting.splice(0);
    if (taken.length) this.changed();
    return taken;
  }
}
