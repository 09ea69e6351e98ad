/**
 * What `@ref` means for a repository, from the refs its server advertises: a tag or a commit is
 * pinned, a branch (or no ref: the default branch) is tracked (spec/install.md, Sources). A name that
 * is both a tag and a branch is the tag, as in git itself.
 */
import { KitError } from "../errors.ts";

/** One advertised ref: `refs/heads/main`, `refs/tags/v1` (with `peeled` = its commit when annotated), `HEAD` (with `target`). */
export interface RemoteRef {
  ref: string;
  oid: string;
  peeled?: string;
  target?: string;
}

export type Want =
  /** `ref` is `refs/heads/<name>`, or `HEAD` for a server whose HEAD is detached. */
  | { kind: "branch"; ref: string; name: string; commit: string }
  | { kind: "tag"; ref: string; name: string; commit: string }
  /** A commit id as given (may be abbreviated); the fetch finds the full one. */
  | { kind: "commit"; commit: string };

export function isPinned(want: Want): boolean {
  return want.kind !== "branch";
}

export function resolveWant(ref: string | undefined, refs: readonly RemoteRef[], url: string): Want {
  const byName = new Map(refs.map((r) => [r.ref, r]));
  if (ref === undefined) {
    const head = byName.get("HEAD");
    if (!head) {
      if (refs.length === 0) throw new KitError(`${url} is an empty repository: it has no commits to install`, 1, "fetch");
      throw new KitError(`${url} has no default branch (HEAD); name a branch or tag with @ref`, 1, "fetch");
    }
    const target = head.target && byName.get(head.target);
    if (head.target && target) return { kind: "branch", ref: head.target, name: head.target.replace(/^refs\/heads\//, ""), commit: target.oid };
    return { kind: "branch", ref: "HEAD", name: "HEAD", commit: head.oid };
  }
  const name = ref.replace(/^refs\/(heads|tags)\//, "");
  const tag = !ref.startsWith("refs/heads/") ? byName.get(`refs/tags/${name}`) : undefined;
  if (tag) return { kind: "tag", ref: tag.ref, name, commit: tag.peeled ?? tag.oid };
  const branch = !ref.startsWith("refs/tags/") ? byName.get(`refs/heads/${name}`) : undefined;
  if (branch) return { kind: "branch", ref: branch.ref, name, commit: branch.oid };
  if (/^[0-9a-f]{4,40}$/i.test(ref)) return { kind: "commit", commit: ref.toLowerCase() };
  const list = (prefix: string) => {
    const names = refs.filter((r) => r.ref.startsWith(prefix)).map((r) => r.ref.slice(prefix.length));
    return names.length === 0 ? "none" : names.length > 10 ? `${names.slice(0, 10).join(", ")}, … (${names.length - 10} more)` : names.join(", ");
  };
  throw new KitError(
    `${url} has no branch, tag or commit "${ref}" (branches: ${list("refs/heads/")}; tags: ${list("refs/tags/")})`,
    1,
    "fetch",
  );
}

/** The commit a tracked branch points at now (for `--update`), or undefined when it is gone. */
export function trackedCommit(ref: string | undefined, refs: readonly RemoteRef[]): { ref: string; commit: string } | undefined {
  const byName = new Map(refs.map((r) => [r.ref, r]));
  if (ref === undefined) {
    const head = byName.get("HEAD");
    if (!head) return undefined;
    const target = head.target ? byName.get(head.target) : undefined;
    return target ? { ref: head.target!, commit: target.oid } : { ref: "HEAD", commit: head.oid };
  }
  const branch = byName.get(`refs/heads/${ref.replace(/^refs\/heads\//, "")}`);
  return branch ? { ref: branch.ref, commit: branch.oid } : undefined;
}
