/**
 * Stored credentials (`kit auth login`, `/login`): the one place keys and OAuth logins are kept.
 * Either `$XDG_DATA_HOME/kit/credentials.json` (mode 0600, written atomically) or, with the config key
 * `credential-store: keychain`, one item of the OS keychain (macOS `security`, Linux Secret Service
 * through `secret-tool`) holding the same JSON document, so both stores behave alike.
 *
 * Precedence of a run's key (llm/target.ts): --provider-api-key > stored here > the environment.
 */
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import { writeFileAtomic } from "./atomic-write.ts";

export interface ApiKeyCredential {
  type: "api_key";
  key: string;
  /** ISO time of the login. */
  saved: string;
}

/** An OAuth login (GitHub Copilot): the long-lived token, and the short-lived one exchanged from it. */
export interface OAuthCredential {
  type: "oauth";
  /** The token the login gave (GitHub's OAuth token): it gets a new access token when that expires. */
  refresh: string;
  access?: string;
  /** Milliseconds since the epoch when `access` expires. */
  expires?: number;
  /** The API endpoint the provider gave with `access` (Copilot's depends on the plan). */
  endpoint?: string;
  saved: string;
}

export type Credential = ApiKeyCredential | OAuthCredential;

export type CredentialBackend = "file" | "keychain";

/** Where a store keeps its document: read whole, written whole. */
interface DocumentStore {
  readonly where: string;
  read(): string | undefined;
  write(text: string): void;
  clear(): void;
}

export class CredentialStore {
  private cache: Record<string, Credential> | undefined;

  constructor(private readonly doc: DocumentStore) {}

  /** The file's path or the keychain item, for messages. */
  get where(): string {
    return this.doc.where;
  }

  get(provider: string): Credential | undefined {
    return this.all()[provider];
  }

  /** Every stored credential by provider; read once, then kept (a change through this store updates it). */
  all(): Record<string, Credential> {
    if (!this.cache) this.cache = parse(this.doc.read(), this.doc.where);
    return this.cache;
  }

  set(provider: string, credential: Credential): void {
    this.save({ ...this.current(), [provider]: credential });
  }

  /** Forgets a provider's credential; false when there was none. */
  remove(provider: string): boolean {
    const all = this.current();
    if (!(provider in all)) return false;
    delete all[provider];
    this.save(all);
    return true;
  }

  /**
   * The document as it is now, for a change: another kit (a login in a second terminal) may have
   * written since this one read it, and a token refresh here must not drop what it stored.
   */
  private current(): Record<string, Credential> {
    return { ...parse(this.doc.read(), this.doc.where) };
  }

  private save(all: Record<string, Credential>): void {
    if (Object.keys(all).length === 0) this.doc.clear();
    else this.doc.write(JSON.stringify(all, null, 2) + "\n");
    this.cache = all;
  }
}

/** The store a configuration chooses (`credential-store`, default file). */
export function credentialStore(dataDir: string, backend: string | undefined, platform: NodeJS.Platform = process.platform): CredentialStore {
  if (backend === "keychain") return new CredentialStore(platform === "darwin" ? macKeychain() : secretService());
  return new CredentialStore(fileDocument(join(dataDir, "credentials.json")));
}

function parse(text: string | undefined, where: string): Record<string, Credential> {
  if (text === undefined || text.trim() === "") return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`${where} is not valid JSON: fix it, or delete it and log in again with 'kit auth login'`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new UsageError(`${where} should hold an object of credentials by provider: delete it and log in again with 'kit auth login'`);
  }
  const out: Record<string, Credential> = {};
  for (const [provider, c] of Object.entries(data as Record<string, any>)) {
    if (c?.type === "api_key" && typeof c.key === "string") out[provider] = c as ApiKeyCredential;
    else if (c?.type === "oauth" && typeof c.refresh === "string") out[provider] = c as OAuthCredential;
  }
  return out;
}

function fileDocument(path: string): DocumentStore {
  return {
    where: path,
    read() {
      if (!existsSync(path)) return undefined;
      const mode = statSync(path).mode & 0o777;
      // Keys readable by other users are as good as published: refuse rather than use them.
      if ((mode & 0o077) !== 0) {
        throw new UsageError(`${path} is readable by other users (mode ${mode.toString(8)}): run 'chmod 600 ${path}', or delete it and log in again`);
      }
      return readFileSync(path, "utf8");
    },
    write: (text) => writeFileAtomic(path, text, 0o600),
    clear: () => rmSync(path, { force: true }),
  };
}

const KEYCHAIN_SERVICE = "kit";
const KEYCHAIN_ACCOUNT = "credentials";

/** Linux Secret Service (GNOME Keyring, KWallet) through `secret-tool`; needs a D-Bus session. */
function secretService(): DocumentStore {
  const attrs = ["service", KEYCHAIN_SERVICE, "account", KEYCHAIN_ACCOUNT];
  return {
    where: "the Secret Service keychain (secret-tool)",
    read() {
      const r = runTool(["secret-tool", "lookup", ...attrs]);
      // lookup exits 1 with no output when there is no such item.
      return r.ok ? r.stdout : r.stdout === "" && r.stderr === "" ? undefined : keychainError("secret-tool lookup", r.stderr);
    },
    write(text) {
      const r = runTool(["secret-tool", "store", "--label=kit credentials", ...attrs], text);
      if (!r.ok) keychainError("secret-tool store", r.stderr);
    },
    clear() {
      runTool(["secret-tool", "clear", ...attrs]);
    },
  };
}

/** The macOS login keychain through `security`. */
function macKeychain(): DocumentStore {
  const item = ["-s", KEYCHAIN_SERVICE, "-a", KEYCHAIN_ACCOUNT];
  return {
    where: "the macOS keychain",
    read() {
      const r = runTool(["security", "find-generic-password", ...item, "-w"]);
      // Exit 44: no such item.
      return r.ok ? r.stdout : r.code === 44 ? undefined : keychainError("security find-generic-password", r.stderr);
    },
    write(text) {
      // `security` takes the secret only as an argument; -U replaces an existing item.
      const r = runTool(["security", "add-generic-password", "-U", ...item, "-w", text]);
      if (!r.ok) keychainError("security add-generic-password", r.stderr);
    },
    clear() {
      runTool(["security", "delete-generic-password", ...item]);
    },
  };
}

function runTool(cmd: string[], stdin?: string): { ok: boolean; code: number; stdout: string; stderr: string } {
  try {
    const r = Bun.spawnSync(cmd, { stdin: stdin === undefined ? "ignore" : new TextEncoder().encode(stdin), stdout: "pipe", stderr: "pipe" });
    return { ok: r.exitCode === 0, code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString().trim() };
  } catch {
    throw new UsageError(`${cmd[0]} is not installed, so the keychain cannot be reached: install it, or set 'credential-store: file' in your config`);
  }
}

function keychainError(what: string, stderr: string): never {
  throw new UsageError(`the keychain did not answer (${what}: ${stderr || "failed"}): unlock it, or set 'credential-store: file' in your config`);
}
