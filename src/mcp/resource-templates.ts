/**
 * Resource templates (RFC 6570 URI templates such as `demo://resource/{id}`) as `@mcp:` references are
 * typed: which parameter the typed URI is filling, with the values given so far, so the server's
 * completion/complete can suggest the rest.
 */

/** The parameter being typed at the end of `typed`, the values of those before it, and the text before its value. */
export interface TemplateArgument {
  name: string;
  value: string;
  earlier: Record<string, string>;
  /** `typed` up to where the value starts. */
  head: string;
}

/** `{name}`, `{+name}`, `{#name}`…: one expression of a URI template. */
const EXPRESSION = /\{[+#./;?&]?([A-Za-z0-9_.%]+)[^}]*\}/g;

/**
 * The parameter of `template` that `typed` ends inside; undefined when `typed` does not follow the
 * template or ends inside its literal text.
 */
export function templateArgument(template: string, typed: string): TemplateArgument | undefined {
  const parts: { literal: string; name?: string }[] = [];
  let last = 0;
  for (const m of template.matchAll(EXPRESSION)) {
    parts.push({ literal: template.slice(last, m.index), name: m[1]! });
    last = m.index! + m[0].length;
  }
  parts.push({ literal: template.slice(last) });
  let at = 0;
  const earlier: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const { literal, name } = parts[i]!;
    if (!typed.startsWith(literal, at)) return undefined;
    at += literal.length;
    if (name === undefined) return undefined;
    const next = parts[i + 1]!.literal;
    const end = next === "" ? -1 : typed.indexOf(next, at);
    if (end === -1) {
      const value = typed.slice(at);
      // Past this parameter already, into a literal that does not match (`{name}/file` typed as `kit/fi`).
      if (next !== "" && value.includes(next[0]!)) return undefined;
      return { name, value, earlier, head: typed.slice(0, at) };
    }
    earlier[name] = typed.slice(at, end);
    at = end;
  }
  return undefined;
}

/** The template up to its first parameter: what accepting it in autocomplete inserts. */
export function templateHead(template: string): string {
  const first = template.search(EXPRESSION);
  return first === -1 ? template : template.slice(0, first);
}
