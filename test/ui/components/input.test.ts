import { describe, expect, test } from "bun:test";
import { Editor } from "../../../src/ui/components/editor.ts";
import { key, typing, type ComponentInput } from "../../../src/ui/components/input.ts";
import { KeyDecoder } from "../../../src/ui/terminal/key-decoder.ts";

describe("component input", () => {
  test("key() and typing() build the events the terminal decodes", () => {
    expect(key("ctrl+w")).toEqual({ name: "ctrl+w" });
    expect(key("a")).toEqual({ name: "a", text: "a" });
    expect(key("shift+a")).toEqual({ name: "shift+a", text: "A" });
    expect(key("space")).toEqual({ name: "space", text: " " });
    expect(typing("Hi 漢")).toEqual([
      { name: "shift+h", text: "H" },
      { name: "i", text: "i" },
      { name: "space", text: " " },
      { name: "漢", text: "漢" },
    ]);
  });

  test("the terminal's decoded key and paste events drive the editor", () => {
    const decoder = new KeyDecoder();
    const editor = new Editor();
    const send = (bytes: string) => {
      for (const event of [...decoder.feed(bytes), ...decoder.flush()]) {
        if (event.type === "reply") continue;
        const input: ComponentInput = event;
        editor.handle(input);
      }
    };
    // Typing, Alt+Enter (ESC CR), a bracketed paste, Ctrl+W (0x17), Alt+Backspace (ESC DEL), Ctrl+Left (CSI 1;5D).
    send("Hello wörld");
    send("\x1b\r");
    send("\x1b[200~pasted\r\nlines\x1b[201~");
    expect(editor.text).toBe("Hello wörld\npasted\nlines");
    send("\x17");
    send("x y");
    send("\x1b\x7f");
    send("\x1b[1;5D");
    expect(editor.text).toBe("Hello wörld\npasted\nx ");
    expect(editor.cursor).toEqual({ line: 2, index: 0 });
  });
});
