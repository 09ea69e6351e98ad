const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /["\\/bfnrt]|u[0-9a-fA-F]{4}/y;

/**
 * Where a text stops being JSON: the offset of the first character a JSON parser cannot accept (the
 * text's length when it ends too early). Bun's JSON.parse says what went wrong but not where, and a
 * message without a line leaves the user searching a file by hand. Run only after JSON.parse failed;
 * one pass, iterative, so neither a catalogue of megabytes nor deep nesting makes it slow or overflow.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  // Sticky patterns match at `i` without copying the rest of the text (a catalogue is megabytes).
  const match = (pattern: RegExp): boolean => {
    pattern.lastIndex = i;
    if (!pattern.test(text)) return false;
    i = pattern.lastIndex;
    return true;
  };
  const literal = () => match(LITERAL);
  // By hand: one regular expression over a string of megabytes gives up (or backtracks for seconds).
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    for (i++; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        i++;
        if (!match(ESCAPE)) return false;
        i--;
      }
    }
    return false;
  };
  // What each open container expects next: a value, a key, or a separator.
  const stack: ("[" | "{")[] = [];
  let expect: "value" | "key" | "after-value" | "value-or-close" | "key-or-close" = "value";
  for (;;) {
    space();
    const c = text[i];
    if (expect === "after-value") {
      const open = stack.at(-1);
      if (open === undefined) return i < text.length ? i : -1;
      if (c === ",") {
        i++;
        expect = open === "[" ? "value" : "key";
      } else if ((c === "]" && open === "[") || (c === "}" && open === "{")) {
        i++;
        stack.pop();
      } else return i;
      continue;
    }
    if (expect === "key" || expect === "key-or-close") {
      if (expect === "key-or-close" && c === "}") {
        i++;
        stack.pop();
        expect = "after-value";
        continue;
      }
      if (!string()) return i;
      space();
      if (text[i] !== ":") return i;
      i++;
      expect = "value";
      continue;
    }
    if (expect === "value-or-close" && c === "]") {
      i++;
      stack.pop();
      expect = "after-value";
      continue;
    }
    if (c === "[" || c === "{") {
      stack.push(c);
      i++;
      expect = c === "[" ? "value-or-close" : "key-or-close";
      continue;
    }
    if (!string() && !literal()) return i;
    expect = "after-value";
  }
}
