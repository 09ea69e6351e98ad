/**
 * The full text of the contract (spec/kit-ext.d.ts, copied as ./kit-ext.d.ts), embedded in the binary.
 * `kit extensions init` writes it as kit-env.d.ts so editors type-check `kit/ext` and `kit/test`.
 * Kept apart from contract.ts so only the code that writes the file pulls the text in.
 */
// TypeScript refuses to import a declaration file as a value (TS2846); Bun's text loader embeds it.
// @ts-expect-error the `with { type: "text" }` import of a .d.ts is Bun's, not TypeScript's
import text from "./kit-ext.d.ts" with { type: "text" };

export const KIT_EXT_DTS: string = text;
