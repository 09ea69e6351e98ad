/**
 * kit's grep and find give the same files and lines as a reference on a tree full of hard cases:
 * ignore files of every kind, binary files, long lines, CRLF, non-UTF-8 bytes, symbolic link loops,
 * a match across the boundary of the chunks files are read in.
 *
 * There are two references, and kit is compared with each: ripgrep when it is on PATH (run with the
 * options that make it walk what kit walks: dotfiles included, .git and node_modules skipped, CRLF
 * line ends), and always git's own view of the tree (so CI without ripgrep still compares): `git ls-files --others --exclude-standard` for the files that are not ignored, kept to
 * those the `.ignore` files (ripgrep's, which git does not read) leave too, and `git grep -I` over
 * them for the lines. Symbolic links are left out of git's list: git lists a link as a file, kit and
 * ripgrep do not follow links to directories.
 */
import { describe, expect, test } from "bun:test";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { createFindTool } from "../../src/tools/find.ts";
import { createGrepTool } from "../../src/tools/grep.ts";
import { options, runContext, tempDir, textOf, writeFiles } from "./helpers.ts";

const RG = Bun.which("rg");
type Reference = "ripgrep" | "git";
const REFERENCES: Reference[] = RG ? ["ripgrep", "git"] : ["git"];
const CHUNK = 256 * 1024;

/** The tree: every rule below decides some file's fate, and most files hold "needle". */
function fixture(): string {
  const dir = tempDir();
  const globalIgnore = path.join(tempDir(), "global-ignore");
  fs.writeFileSync(globalIgnore, "*.globalignored\n");
  execFileSync("git", ["init", "-q", dir]);
  execFileSync("git", ["-C", dir, "config", "core.excludesFile", globalIgnore]);
  fs.writeFileSync(path.join(dir, ".git", "info", "exclude"), "excluded-by-info.txt\n");
  const big = Buffer.alloc(CHUNK + 4096, "filler line\n");
  big.write("needle", CHUNK - 3); // across the first chunk's end
  writeFiles(dir, {
    ".gitignore": "*.log\n!keep.log\nbuild/\n/top-only.txt\n**/generated/**\nignored-dir/\n# a comment\n\\#hash.txt\n",
    ".ignore": "secret-*.txt\n",
    "keep.log": "needle in a re-included log\n",
    "app.log": "needle\n",
    "build/out.txt": "needle\n",
    "top-only.txt": "needle\n",
    "lib/top-only.txt": "needle at depth\n",
    "lib/generated/x.txt": "needle\n",
    "lib/.gitignore": "local.txt\n!app.log\n",
    "lib/app.log": "needle re-included below\n",
    "lib/local.txt": "needle\n",
    "other/local.txt": "needle elsewhere\n",
    "secret-a.txt": "needle\n",
    "sub/.ignore": "only-here.txt\n",
    "sub/only-here.txt": "needle\n",
    "only-here.txt": "needle not under sub\n",
    "excluded-by-info.txt": "needle\n",
    "x.globalignored": "needle\n",
    "#hash.txt": "needle\n",
    "ignored-dir/inner.txt": "needle\n",
    "crlf.txt": "first\r\nneedle\r\nthen a needle\r\n",
    "long.txt": `${"x".repeat(100_000)}needle\nshort needle\n${"y".repeat(50_000)}\n`,
    // (Not starting with FF FE, which is UTF-16's byte order mark: ripgrep would read the file as UTF-16.)
    "nonutf8.txt": Buffer.concat([Buffer.from("x "), Buffer.from([0xff, 0x80]), Buffer.from(" needle "), Buffer.from([0xc3, 0x28, 0x0a]), Buffer.from("plain\n")]),
    "binary.bin": Buffer.concat([Buffer.from("needle"), Buffer.from([0, 1, 2]), Buffer.from("needle\n")]),
    "big.txt": Buffer.concat([big, Buffer.from("a late needle\n")]),
    "noeol.txt": "x\nlast needle",
    "empty.txt": "",
    "Upper.txt": "NEEDLE in capitals\n",
    "deep/a/b/c/d.txt": "needle deep\n",
    ".hidden/h.txt": "needle hidden\n",
    "node_modules/pkg/index.txt": "needle\n",
    "spaces in name.txt": "needle\n",
  });
  fs.symlinkSync(".", path.join(dir, "loop"));
  fs.symlinkSync("../..", path.join(dir, "deep", "a", "up"));
  fs.symlinkSync("self", path.join(dir, "self"));
  fs.symlinkSync("nowhere", path.join(dir, "dangling"));
  return dir;
}

function git(dir: string, args: string[]): string {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" });
}

function rg(dir: string, args: string[]): string[] {
  const run = spawnSync(RG!, ["--hidden", "--no-messages", "--color", "never", "-g", "!.git/", "-g", "!node_modules/", ...gitGlobalIgnore(dir), ...args], {
    cwd: dir,
    encoding: "utf8",
  });
  // 1 is "nothing found"; 2 is an error, such as the symbolic link loop ripgrep also does not follow.
  return run.stdout.split("\n").filter(Boolean);
}

/** ripgrep reads core.excludesFile from the user's git config only, so it is handed over. */
function gitGlobalIgnore(dir: string): string[] {
  const file = spawnSync("git", ["-C", dir, "config", "core.excludesFile"], { encoding: "utf8" }).stdout.trim();
  return file ? ["--ignore-file", file] : [];
}

/**
 * The files not ignored, as git sees them (plus the .ignore files' rules); links and node_modules
 * (which kit always skips, and ripgrep is told to) left out.
 */
function gitFiles(dir: string): Set<string> {
  const list = (args: string[]) => git(dir, ["ls-files", "-z", "--others", ...args]).split("\0").filter(Boolean);
  const byIgnoreFiles = new Set(list(["--exclude-per-directory=.ignore"]));
  return new Set(list(["--exclude-standard"]).filter((f) => byIgnoreFiles.has(f) && !/(^|\/)node_modules\//.test(f) && !fs.lstatSync(path.join(dir, f)).isSymbolicLink()));
}

/** The reference's "path:line" of each matching line. */
function referenceGrep(ref: Reference, dir: string, pattern: { rg: string; git: string }, ignoreCase = false): string[] {
  const flag = ignoreCase ? ["-i"] : [];
  if (ref === "ripgrep") return rg(dir, ["--crlf", "-n", "--with-filename", "--no-heading", ...flag, "-e", pattern.rg]).map(pathAndLine).sort();
  const files = [...gitFiles(dir)];
  const run = spawnSync("git", ["-C", dir, "grep", "--no-index", "-I", "-n", "-E", ...flag, "-e", pattern.git, "--", ...files], { encoding: "utf8" });
  return run.stdout.split("\n").filter(Boolean).map(pathAndLine).sort();
}

function pathAndLine(line: string): string {
  const [file, n] = line.split(":");
  return `${file}:${n}`;
}

async function kitGrep(dir: string, pattern: string, ignoreCase = false): Promise<string[]> {
  const out = textOf(await createGrepTool(options(dir)).execute({ pattern, ignore_case: ignoreCase, limit: 10_000 }, runContext()));
  if (out === "No matches found") return [];
  // "--" separates groups of matches that are not adjacent.
  return out.split("\n").filter((line) => line !== "--").map((line) => /^(.+?:\d+): /.exec(line)?.[1] ?? `unexpected: ${line}`).sort();
}

async function kitFind(dir: string, pattern: string): Promise<string[]> {
  const out = textOf(await createFindTool(options(dir)).execute({ pattern, limit: 10_000 }, runContext()));
  return out.startsWith("No files found") ? [] : out.split("\n").sort();
}

/**
 * The reference's files that `wanted` keeps. (Not ripgrep's -g: its globs override the ignore files,
 * which is not what find's pattern does.)
 */
function referenceFind(ref: Reference, dir: string, wanted: (file: string) => boolean): string[] {
  const files = ref === "ripgrep" ? rg(dir, ["--files"]) : [...gitFiles(dir)];
  return files.filter(wanted).sort();
}

describe.each(REFERENCES)("grep and find against %s", (ref) => {
  const dir = fixture();

  test.each([
    ["a literal", { kit: "needle", rg: "needle", git: "needle" }],
    ["a regex with a required literal", { kit: "ne+dle", rg: "ne+dle", git: "ne+dle" }],
    ["a regex with none", { kit: "n[e]{2}dl[e]", rg: "n[e]{2}dl[e]", git: "n[e]{2}dl[e]" }],
    // git does not drop the CR of a CRLF line before $; kit and ripgrep (--crlf) do.
    ["a pattern anchored at the line end, in CRLF files too", { kit: "needle$", rg: "needle$", git: "needle\r?$" }],
    ["a pattern anchored at the line start", { kit: "^needle", rg: "^needle", git: "^needle" }],
  ])("grep finds the same lines for %s", async (_, pattern) => {
    const expected = referenceGrep(ref, dir, pattern);
    expect(expected.length).toBeGreaterThan(5);
    expect(await kitGrep(dir, pattern.kit)).toEqual(expected);
  });

  test("grep with ignore_case finds the same lines", async () => {
    const expected = referenceGrep(ref, dir, { rg: "NEEDLE", git: "NEEDLE" }, true);
    expect(expected).toContain("Upper.txt:1");
    expect(await kitGrep(dir, "NEEDLE", true)).toEqual(expected);
  });

  test("the reference and kit agree on the hard cases, not just on each other", async () => {
    const found = await kitGrep(dir, "needle");
    for (const hit of ["keep.log:1", "lib/app.log:1", "lib/top-only.txt:1", "crlf.txt:2", "long.txt:1", "long.txt:2", "nonutf8.txt:1", "big.txt:21846", "noeol.txt:2", ".hidden/h.txt:1", "only-here.txt:1"]) {
      expect(found).toContain(hit);
    }
    for (const file of ["app.log", "build/", "top-only.txt", "generated/", "lib/local.txt", "secret-a.txt", "sub/only-here.txt", "excluded-by-info.txt", "x.globalignored", "#hash.txt", "ignored-dir/", "binary.bin", "node_modules/", "loop/", "self", "dangling"]) {
      expect(found.filter((hit) => hit.startsWith(file))).toEqual([]);
    }
  });

  test.each([
    ["*.txt", (f: string) => f.endsWith(".txt")],
    ["*.log", (f: string) => f.endsWith(".log")],
    ["lib/**/*.txt", (f: string) => f.startsWith("lib/") && f.endsWith(".txt")],
    ["*", () => true],
  ])("find %s lists the same files", async (glob, wanted) => {
    const expected = referenceFind(ref, dir, wanted);
    expect(expected.length).toBeGreaterThan(0);
    expect(await kitFind(dir, glob)).toEqual(expected);
  });
});

test("a .ignore file's rule decides over a .gitignore's, as in ripgrep", async () => {
  const dir = tempDir();
  execFileSync("git", ["init", "-q", dir]);
  writeFiles(dir, { ".gitignore": "*.txt\n", ".ignore": "!kept.txt\n", "kept.txt": "needle\n", "gone.txt": "needle\n" });
  const expected = RG ? rg(dir, ["-l", "needle"]) : ["kept.txt"];
  expect(expected).toEqual(["kept.txt"]);
  expect(await kitGrep(dir, "needle")).toEqual(["kept.txt:1"]);
});
