import { describe, expect, test } from "bun:test";
import { MarkdownStream, renderMarkdown } from "../../../src/ui/components/markdown.ts";
import { splitBlocks } from "../../../src/ui/components/markdown-blocks.ts";
import { color, expectFits, plain, sgrOf, strip } from "./support.ts";

const DOC = `# Release notes

Kit now renders **Markdown** with *emphasis*, \`code\`, ~~strikes~~ and [links](https://example.com).
A second line of the same paragraph.

## Lists

- first item
- second item that is long enough to wrap when the terminal is narrow
  - nested one
  - nested two
- [ ] a task
- [x] a done task

1. one
2. two

> A quote with **bold**
> over two lines.

\`\`\`ts
// a comment
const answer: number = 42; // inline
function greet(name: string) { return \`hi \${name}\`; }
\`\`\`

| Model | Context | Price |
|:------|--------:|:-----:|
| small | 128k | $ |
| large | 1M | $$$ |

---

Setext heading
==============

日本語の段落です。絵文字も含みます 😀👍🏽 and a long tail of text to wrap.
`;

describe("markdown blocks", () => {
  test("a document splits into its blocks", () => {
    expect(splitBlocks(DOC).map((b) => b.kind)).toEqual([
      "heading", "paragraph", "heading", "list", "quote", "code", "table", "rule", "heading", "paragraph",
    ]);
  });

  test("a fence keeps blank lines and Markdown-looking lines inside it", () => {
    const blocks = splitBlocks("```\n# not a heading\n\n- not a list\n```\nafter");
    expect(blocks.map((b) => b.kind)).toEqual(["code", "paragraph"]);
    expect(blocks[0]!.closed).toBe(true);
  });

  test("a list goes on over blank lines and indented content, and ends at unindented text after a blank line", () => {
    const blocks = splitBlocks("- a\n\n  more of a\n- b\n  ```\n  code\n\n  ```\n\nafter");
    expect(blocks.map((b) => b.kind)).toEqual(["list", "paragraph"]);
    expect(blocks[0]!.lines).toHaveLength(8);
  });
});

describe("markdown rendering", () => {
  test("headings, inline styles, lists, quotes, code, tables, rules", () => {
    const lines = strip(renderMarkdown(DOC, 60, plain));
    expect(lines[0]).toBe("# Release notes");
    expect(lines).toContain("Kit now renders Markdown with emphasis, code, strikes and");
    expect(lines).toContain("links (https://example.com).");
    expect(lines).toContain("A second line of the same paragraph.");
    expect(lines).toContain("• first item");
    expect(lines).toContain("  • nested one");
    expect(lines).toContain("• [ ] a task");
    expect(lines).toContain("• [x] a done task");
    // The ordered list follows a blank line: the blank line stays.
    expect(lines.slice(lines.indexOf("1. one") - 2, lines.indexOf("1. one") + 1)).toEqual(["• [x] a done task", "", "1. one"]);
    expect(lines).toContain("│ A quote with bold");
    expect(lines).toContain("  const answer: number = 42; // inline");
    expect(lines).toContain("│ Model │ Context │ Price │");
    expect(lines).toContain("│ large │      1M │  $$$  │");
    expect(lines).toContain("─".repeat(60));
    expect(lines).toContain("# Setext heading");
    expect(lines.join("\n")).not.toContain("**");
    expect(lines.join("\n")).not.toContain("```");
  });

  test("wrapping: continuation lines of a list item hang under its text", () => {
    const lines = strip(renderMarkdown("- second item that is long enough to wrap", 20, plain));
    expect(lines).toEqual(["• second item that", "  is long enough to", "  wrap"]);
  });

  test("lines never exceed the width, CJK and emoji included", () => {
    for (const width of [100, 60, 33, 20, 12, 6]) {
      expectFits(renderMarkdown(DOC, width, color), width);
      expectFits(renderMarkdown(DOC, width, plain), width);
    }
  });

  test("colours: headings, links, and the code highlighter's keywords, strings, numbers and comments", () => {
    const text = renderMarkdown(DOC, 80, color).join("\n");
    expect(text).toContain(sgrOf(color.mdHeading));
    expect(text).toContain(sgrOf(color.mdLink));
    expect(text).toContain(sgrOf(color.mdKeyword) + "const");
    expect(text).toContain(sgrOf(color.mdKeyword) + "function");
    expect(text).toContain(sgrOf(color.mdNumber) + "42");
    expect(text).toContain(sgrOf(color.mdComment) + "// a comment");
    expect(text).toContain(sgrOf(color.mdString) + "`");
    expect(text).toContain(sgrOf(color.codeBackground, true));
  });

  test("other languages: python, shell, json, sql, diff", () => {
    const code = (lang: string, body: string) => renderMarkdown("```" + lang + "\n" + body + "\n```", 80, color).join("\n");
    expect(code("python", 'def f():\n    return "x"  # note')).toContain(sgrOf(color.mdKeyword) + "def");
    expect(code("python", 'x = 1  # note')).toContain(sgrOf(color.mdComment) + "# note");
    expect(code("bash", "echo $# # count")).toContain(sgrOf(color.mdComment) + "# count");
    expect(code("json", '{"a": true, "b": 1.5}')).toContain(sgrOf(color.mdNumber) + "1.5");
    expect(code("sql", "SELECT * FROM t")).toContain(sgrOf(color.mdKeyword) + "SELECT");
    expect(code("diff", "+added\n-removed")).toContain(sgrOf(color.success) + "+added");
    // Unknown languages stay plain.
    expect(code("brainfuck", "++ return")).not.toContain(sgrOf(color.mdKeyword));
  });

  test("a block comment and a multi-line string carry across lines", () => {
    const lines = renderMarkdown("```js\n/* start\nstill comment */ const x = `a\nb`;\n```", 80, color);
    expect(lines[1]).toContain(sgrOf(color.mdComment) + "still comment */");
    expect(lines[1]).toContain(sgrOf(color.mdKeyword) + "const");
    expect(lines[2]).toContain(sgrOf(color.mdString) + "b`");
  });

  test("inline details: escapes, snake_case, code spans with asterisks, unmatched delimiters, bare URLs", () => {
    const render = (text: string) => strip(renderMarkdown(text, 200, plain)).join("\n");
    expect(render("\\*not italic\\*")).toBe("*not italic*");
    expect(render("snake_case_name stays")).toBe("snake_case_name stays");
    expect(render("`a * b` and *c*")).toBe("a * b and c");
    expect(render("an **unfinished bold")).toBe("an **unfinished bold");
    expect(render("see https://kit.dev/docs.")).toBe("see https://kit.dev/docs.");
    expect(renderMarkdown("see https://kit.dev/docs.", 200, color).join("")).toContain(sgrOf(color.mdLink));
    expect(render("![logo](a.png)")).toBe("[image: logo]");
    expect(render("***both***")).toBe("both");
  });

  test("a narrow table falls back to its source lines", () => {
    const lines = strip(renderMarkdown("| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |", 8, plain));
    expect(lines[0]).toBe("| a | b");
    expect(lines.join("\n")).not.toContain("┌");
    expectFits(lines, 8);
  });

  test("a wide table shrinks its widest column and wraps its cells", () => {
    const table = "| k | description |\n|---|---|\n| x | a fairly long description that must wrap |";
    const lines = strip(renderMarkdown(table, 30, plain));
    expectFits(lines, 30);
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.join(" ")).toContain("fairly");
  });
});

describe("streaming markdown", () => {
  test("rendering as text arrives equals rendering the whole text so far, at every step", () => {
    for (const width of [80, 33]) {
      const stream = new MarkdownStream();
      for (let i = 0; i < DOC.length; i++) {
        stream.append(DOC[i]!);
        expect(stream.render(width, color)).toEqual(renderMarkdown(DOC.slice(0, i + 1), width, color));
      }
    }
  });

  test("chunks of any size give the same lines", () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const stream = new MarkdownStream();
    let at = 0;
    while (at < DOC.length) {
      const size = 1 + Math.floor(random() * 40);
      stream.append(DOC.slice(at, at + size));
      at += size;
      expect(stream.render(50, color)).toEqual(renderMarkdown(DOC.slice(0, at), 50, color));
    }
    stream.end();
    expect(stream.render(50, color)).toEqual(renderMarkdown(DOC, 50, color));
  });

  test("finished blocks are rendered once; each update renders only the open block", () => {
    const stream = new MarkdownStream();
    let renders = 0;
    for (let i = 0; i < DOC.length; i += 5) {
      stream.append(DOC.slice(i, i + 5));
      stream.render(60, plain);
      renders++;
    }
    expect(stream.finishedBlocks).toBe(9);
    expect(stream.stats.finished).toBe(stream.finishedBlocks);
    // At most one open block (re-split into at most two with the partial line) per render.
    expect(stream.stats.tail).toBeLessThanOrEqual(renders * 2);
    stream.render(60, plain);
    expect(stream.stats.finished).toBe(9);
  });

  test("a new width (or theme) renders the finished blocks once more", () => {
    const stream = new MarkdownStream(DOC);
    stream.render(60, plain);
    const before = stream.stats.finished;
    stream.render(40, plain);
    stream.render(40, plain);
    expect(stream.stats.finished).toBe(before * 2);
    stream.render(40, color);
    expect(stream.stats.finished).toBe(before * 3);
  });

  test("stable lines are a prefix of the render that never changes as more text arrives", () => {
    const stream = new MarkdownStream();
    let previous: string[] = [];
    for (let i = 0; i < DOC.length; i += 7) {
      stream.append(DOC.slice(i, i + 7));
      // A copy: the stream grows the array it returns.
      const stable = [...stream.stableLines(40, plain)];
      expect(stream.render(40, plain).slice(0, stable.length)).toEqual(stable);
      expect(stable.slice(0, previous.length)).toEqual(previous);
      previous = stable;
    }
  });

  test("a paragraph taller than the rows it may take is cut: its earlier lines become stable, the whole reads the same", () => {
    const text = Array.from({ length: 120 }, (_, i) => `line ${i + 1} of one paragraph`).join("\n") + "\n\nAfter it.";
    const stream = new MarkdownStream();
    let cuts = 0;
    let previous: string[] = [];
    for (let i = 0; i < text.length; i += 11) {
      stream.append(text.slice(i, i + 11));
      if (stream.splitTallParagraph(10, 40, plain)) cuts++;
      const stable = [...stream.stableLines(40, plain)];
      // What is open never takes more than the rows given; what is stable only grows.
      expect(stream.render(40, plain).length - stable.length).toBeLessThanOrEqual(10 + 1);
      expect(stable.slice(0, previous.length)).toEqual(previous);
      previous = stable;
    }
    stream.end();
    expect(cuts).toBeGreaterThan(10);
    // No blank line where it was cut: the same lines as the whole text rendered at once.
    expect(stream.render(40, plain)).toEqual(renderMarkdown(text, 40, plain));
  });

  test("only a paragraph is cut, and never down to one line (which could still become a table header)", () => {
    const code = new MarkdownStream("```\n" + "x\n".repeat(50));
    expect(code.splitTallParagraph(10, 40, plain)).toBe(false);
    const short = new MarkdownStream("a\nb\n");
    expect(short.splitTallParagraph(1, 40, plain)).toBe(false);
  });

  test("an open code block shows while streaming, and end() closes the text", () => {
    const stream = new MarkdownStream("Intro\n\n```py\nprint(1)\n");
    expect(strip(stream.render(30, plain))).toEqual(["Intro", "", "  print(1)"]);
    stream.append("x = 2");
    expect(strip(stream.render(30, plain))).toEqual(["Intro", "", "  print(1)", "  x = 2"]);
    stream.end();
    expect(stream.finishedBlocks).toBe(2);
    expect(() => stream.append("more")).toThrow("append after end()");
  });
});
