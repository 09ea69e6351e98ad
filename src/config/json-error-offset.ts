/**
 * Where a text stops being JSON: the offset of the first character a JSON parser cannot accept (the
 * text's length when it ends too early). Bun's JSON.parse says what went wrong but not where, and a
 * message without a line leaves the user searching a file by hand. Run only after JSON.parse failed,
 * so it favours being short over being fast; iterative, so deep nesting cannot overflow the stack.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const literal = (): boolean => {
    const rest = text.slice(i);
    const word = ["true", "false", "null"].find((w) => rest.startsWith(w));
    if (word) {
      i += word.length;
      return true;
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (number) {
      i += number[0].length;
      return true;
    }
    return false;
  };
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    const match = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(i));
    if (!match) return false;
    i += match[0].length;
    return true;
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
