/**
 * The input events components take: structurally the terminal's decoded events (KeyEvent and
 * PasteEvent of src/ui/terminal/key-decoder.ts satisfy these), reduced to what components read, so
 * components and their tests need no terminal. Key names are canonical: modifiers in the order
 * ctrl, alt, shift, then the key, lower case ("ctrl+w", "alt+backspace", "shift+enter", "a").
 */

export interface KeyInput {
  type?: "key";
  /** Canonical name: "enter", "ctrl+left", "alt+b", "shift+a". */
  name: string;
  /** What the key types, when it types (no ctrl or alt): "a", "A", "漢", " ". */
  text?: string;
}

export interface PasteInput {
  type: "paste";
  /** The pasted text ("\n" line breaks). */
  text: string;
}

export type ComponentInput = KeyInput | PasteInput;

/** A key event from its name, for tests and remapped keys: printable single keys get their text. */
export function key(name: string): KeyInput {
  if (name === "space") return { name, text: " " };
  if ([...name].length === 1) return { name, text: name };
  const shifted = /^shift\+(.)$/u.exec(name);
  if (shifted) return { name, text: shifted[1]!.toUpperCase() };
  return { name };
}

/** Key events that type `text`, one per character (as a terminal sends typing). */
export function typing(text: string): KeyInput[] {
  return [...text].map((ch) => (ch === " " ? { name: "space", text: " " } : ch.toLowerCase() !== ch ? { name: `shift+${ch.toLowerCase()}`, text: ch } : { name: ch, text: ch }));
}
