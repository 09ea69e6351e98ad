/**
 * `kit auth login [provider]`, `kit auth logout <provider> [--yes]`, `kit auth status` (spec/cli.md,
 * Subcommands): stored credentials. The logic is app/auth.ts's, shared with the UI's /login and /logout.
 */
import { autocomplete, confirm, isCancel, password } from "@clack/prompts";
import { defineCommand } from "citty";
import { configSkippingUntrusted } from "../../app/project-trust.ts";
import { EXIT, UsageError } from "../../errors.ts";
import { authOf, type Auth } from "../../app/auth.ts";
import { openBrowser } from "../../app/open-browser.ts";
import { createRegistry } from "../../app/runtime.ts";
import type { DeviceCode } from "../../llm/copilot.ts";

const out = (line: string) => process.stdout.write(line + "\n");
const err = (line: string) => process.stderr.write(line + "\n");

const CONFIG_ARG = { config: { type: "string", valueHint: "FILE", description: "use only this config file" } } as const;

function auth(args: { config?: string }): Auth {
  const load = { cwd: process.cwd(), env: process.env, flags: {}, ...(args.config ? { explicitFile: args.config } : {}) };
  // A key is checked against the provider's URL: an untrusted project's redirect must not receive it.
  const config = configSkippingUntrusted(load, err);
  return authOf(config, createRegistry(config), process.env);
}

const interactive = () => process.stdin.isTTY === true && process.stdout.isTTY === true;

const login = defineCommand({
  meta: {
    name: "login",
    description: "Store a provider's key (checked with the provider first), or log in to GitHub Copilot; the key is read masked from the terminal, or from stdin in scripts",
  },
  args: { provider: { type: "positional", required: false, description: "the provider (kit models lists them); asked when omitted" }, ...CONFIG_ARG },
  run: async ({ args }) => {
    const a = auth(args);
    const provider = args.provider ? a.provider(args.provider) : await pickProvider(a);
    if (provider === undefined) return EXIT.interrupted;
    if (a.isOAuth(provider)) {
      await a.loginCopilot(showDeviceCode);
      out(`Logged in to GitHub Copilot; stored in ${a.store.where}. Use it with: kit -m copilot/<model> (kit models github-copilot lists them)`);
      return EXIT.ok;
    }
    const key = await readKey(provider);
    if (key === undefined) return EXIT.interrupted;
    await a.saveKey(provider, key);
    out(`The key for ${provider} works; stored in ${a.store.where}.`);
    return EXIT.ok;
  },
});

async function pickProvider(a: Auth): Promise<string | undefined> {
  if (!interactive()) throw new UsageError("name the provider in a script: kit auth login <provider> (kit models lists them)");
  const choice = await autocomplete({
    message: "Log in to which provider? (type to search)",
    options: a.choices().map((c) => ({ value: c.provider, label: c.provider, hint: c.oauth ? `${c.name}, log in with GitHub` : c.name })),
    maxItems: 10,
  });
  return isCancel(choice) ? undefined : choice;
}

/** The key, masked at a terminal; from stdin when it is piped (`printenv KEY | kit auth login openai`). */
async function readKey(provider: string): Promise<string | undefined> {
  if (process.stdin.isTTY !== true) return (await Bun.stdin.text()).trim();
  const key = await password({ message: `API key for ${provider}`, validate: (v) => (v?.trim() ? undefined : "paste the key, or press Ctrl+C to stop") });
  return isCancel(key) ? undefined : key;
}

function showDeviceCode(code: DeviceCode): void {
  out(`Open ${code.verificationUri} and enter the code ${code.userCode}`);
  out("Waiting for GitHub…");
  if (interactive()) openBrowser(code.verificationUri);
}

const logout = defineCommand({
  meta: { name: "logout", description: "Forget a provider's stored key or login (asks first; --yes in scripts)" },
  args: {
    provider: { type: "positional", required: true, description: "the provider" },
    yes: { type: "boolean", description: "do not ask" },
    ...CONFIG_ARG,
  },
  run: async ({ args }) => {
    const a = auth(args);
    const provider = a.provider(args.provider);
    if (!a.store.get(provider)) {
      err(`kit auth logout: nothing is stored for ${provider} (kit auth status shows where each key comes from)`);
      return EXIT.runFailed;
    }
    if (!args.yes) {
      if (!interactive()) throw new UsageError(`kit auth logout asks before forgetting a login: pass --yes in a script`);
      const sure = await confirm({ message: `Forget the stored credential for ${provider}?` });
      if (isCancel(sure) || !sure) return EXIT.interrupted;
    }
    a.logout(provider);
    const env = a.status().find((r) => r.provider === provider);
    out(`Logged out of ${provider}.${env ? ` ${env.source.replace(/^env /, "")} is still set in the environment and will be used.` : ""}`);
    return EXIT.ok;
  },
});

const status = defineCommand({
  meta: { name: "status", description: "Each provider with a key: stored or from the environment, its type and expiry, the one a run uses; never the key" },
  args: CONFIG_ARG,
  run: async ({ args }) => {
    const a = auth(args);
    const rows = a.status();
    if (rows.length === 0) {
      out("No keys: none stored and no provider's variable set. Log in with: kit auth login");
    } else {
      const width = Math.max(...rows.map((r) => r.provider.length)) + 2;
      for (const r of rows) {
        const expiry = r.expires ? `, token ${r.expires > Date.now() ? "expires" : "expired"} ${new Date(r.expires).toISOString().replace(/\.\d+Z$/, "Z")} (renewed automatically)` : "";
        const wins = r.overrides.length ? ` (used before ${r.overrides.join(", ")})` : "";
        out(`${r.provider.padEnd(width)}${r.source}, ${r.type}${expiry}${wins}`);
      }
    }
    out(`Credentials are stored in ${a.store.where}. A run with no -m uses ${a.defaultModel()}.`);
    return EXIT.ok;
  },
});

export const authCommand = defineCommand({
  meta: { name: "kit auth", description: "Stored credentials: log in to a provider (a key, or GitHub Copilot), log out, and see where each key comes from" },
  subCommands: { login, logout, status },
});
