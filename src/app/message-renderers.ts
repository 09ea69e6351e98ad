/**
 * The text of ctx.renderMessage, the same in every mode: what the extension's message renderer of
 * that name makes of the content. With no renderer of that name the content is shown as it is (and
 * the extension told why); a renderer that throws is reported once and its messages are shown as
 * they are.
 */
import type { MessageRendererConfig } from "../extensions/contract.ts";
import type { Registered } from "../extensions/registry.ts";

export interface MessageRenderingOptions {
  /** The registered renderer of a name, asked each time (a reload changes it). */
  lookup(name: string): Registered<MessageRendererConfig> | undefined;
  warn(message: string): void;
  error(message: string): void;
}

export class MessageRendering {
  private readonly failed = new Set<string>();

  constructor(private readonly o: MessageRenderingOptions) {}

  /** The rendered text, without a trailing newline. */
  render(name: string, content: string, width: number): string {
    const renderer = this.o.lookup(name);
    if (!renderer) {
      this.o.warn(`no message renderer "${name}"; the message is shown as text`);
      return content.replace(/\n$/, "");
    }
    try {
      return String(renderer.def.render(content, width)).replace(/\n$/, "");
    } catch (err) {
      if (!this.failed.has(name)) this.o.error(`message renderer "${name}" (${renderer.extPath}) failed; its messages are shown as text: ${(err as Error).message}`);
      this.failed.add(name);
      return content.replace(/\n$/, "");
    }
  }
}
