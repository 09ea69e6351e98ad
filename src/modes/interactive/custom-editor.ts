/**
 * ctx.setEditor: an extension's key handling and rendering of the input editor. Its callbacks run
 * on the UI loop; one that throws is removed (and reported), and the editor is kit's own again.
 */
import type { EditorConfig, EditorKeyAction } from "kit/ext";

export class CustomEditor {
  private config: EditorConfig | undefined;

  constructor(
    private readonly changed: () => void,
    private readonly report: (message: string) => void,
  ) {}

  /** ctx.setEditor (a config) and ctx.resetEditor (undefined). */
  set(config: EditorConfig | undefined): void {
    this.config = config;
    this.changed();
  }

  /** An extension's editor is set and takes keys. */
  get handlesKeys(): boolean {
    return this.config?.handleKey !== undefined;
  }

  /** The extension's answer to a key; undefined when it handles no keys or failed on this one. */
  handleKey(key: string, text: string): EditorKeyAction | undefined {
    const handle = this.config?.handleKey;
    if (!handle) return undefined;
    try {
      return handle(key, text);
    } catch (err) {
      this.config = undefined;
      this.report(`the extension's editor failed on a key and was removed: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** The extension's drawing of the editor around kit's lines (`own`); undefined when it draws none or failed. */
  render(width: number, own: string[]): string | undefined {
    const render = this.config?.render;
    if (!render) return undefined;
    try {
      const text = render(width, own.join("\n"));
      return typeof text === "string" ? text : undefined;
    } catch (err) {
      this.config = undefined;
      this.report(`the extension's editor failed to render and was removed: ${(err as Error).message}`);
      return undefined;
    }
  }
}
