/**
 * What the UI needs from a terminal. `ProcessTerminal` is the real one (stdin/stdout of this
 * process); tests use a fake that records the bytes written and feeds input events.
 */
import type { ColorLevel } from "./colors.ts";
import type { KeyEvent, PasteEvent } from "./key-decoder.ts";

export type { KeyEvent, PasteEvent };

/** What the keyboard reports beyond legacy sequences (decided shortly after raw mode is entered). */
export type KeyboardProtocol = "legacy" | "kitty" | "modify-other-keys";

export interface Terminal {
  /** Width in columns, as of now. */
  readonly columns: number;
  /** Height in rows, as of now. */
  readonly rows: number;
  readonly colorLevel: ColorLevel;
  readonly keyboardProtocol: KeyboardProtocol;
  /** Writes bytes as they are (the renderer writes one string per frame). */
  write(data: string): void;
  /** Key and paste events while in raw mode; returns the unsubscribe function. */
  onInput(handler: (event: KeyEvent | PasteEvent) => void): () => void;
  /** Called after the size changed (read `columns` and `rows`); returns the unsubscribe function. */
  onResize(handler: () => void): () => void;
  /** Called when the terminal reports its background (answer to the OSC 11 query sent on entering raw mode). */
  onBackground?(handler: (background: "dark" | "light") => void): () => void;
  /** Raw input, bracketed paste, keyboard protocol detection, restore hooks. Idempotent. */
  enterRawMode(): void;
  /** Puts the terminal back as it was found. Idempotent. */
  leaveRawMode(): void;
}
