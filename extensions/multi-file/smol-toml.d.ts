// The part of smol-toml's types this extension uses, so that tsc can check it before the dependency
// is installed. Once node_modules/smol-toml is there, TypeScript takes the package's own types: an
// ambient module declaration is only used when the module itself cannot be found.
declare module "smol-toml" {
  export function parse(toml: string): Record<string, unknown>;
  export class TomlError extends Error {
    line: number;
    column: number;
    codeblock: string;
  }
}
