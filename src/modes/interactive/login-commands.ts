/**
 * Logging in from inside kit: /login and /logout do what `kit auth login|logout` do (app/auth.ts),
 * and the model is reached with the new key at once, without a restart. A first start with no usable
 * key shows the welcome: what kit looked for, /login, --provider-url, and a local server (Ollama,
 * LM Studio) when one answers on its default port, offered as a /login choice.
 */
import { openBrowser } from "../../app/open-browser.ts";
import { keyVariablesLookedFor } from "../../app/default-model.ts";
import { detectLocalServers, type LocalServer } from "../../app/local-servers.ts";
import type { Controller } from "./controller.ts";
import { ConfirmModal, InputModal } from "./modals.ts";
import { pick } from "./commands.ts";
import type { BuiltinCommand } from "./slash-commands.ts";

export interface Logins {
  commands: BuiltinCommand[];
  /** The first start's welcome, when no model can be reached; probes for local servers in the background. */
  welcome(): void;
  /** /login for one provider (or the picker); true once logged in. */
  login(provider?: string): Promise<boolean>;
}

type Choice = { local: LocalServer } | { provider: string };

/** How many of the variables looked for the welcome names before "and N more". */
const NAMED_VARIABLES = 4;

export function loginCommands(c: Controller, env: NodeJS.ProcessEnv): Logins {
  const auth = () => c.app.runtime.auth;
  let probe: Promise<LocalServer[]> | undefined;
  const localServers = () => (probe ??= detectLocalServers(c.app.runtime.registry, env));

  const loggedIn = (what: string) => {
    c.app.modelControl.credentialsChanged();
    c.status.refresh();
    const missing = c.app.runtime.missingKey;
    if (missing) c.notice("warning", `${what}, but ${c.app.model()} still has no key (${missing.message}). /model chooses another model.`);
    else c.notice("system", `${what}. Model: ${c.app.model()}`);
  };

  const useLocal = (server: LocalServer) => {
    c.app.modelControl.switchModel(`${server.provider}/${server.models[0]}`, "user", true);
    c.status.refresh();
    const others = server.models.slice(1);
    const more = others.length ? ` It also serves ${others.slice(0, 5).join(", ")}${others.length > 5 ? ", …" : ""}: kit -m ${server.provider}/<model> starts on one.` : "";
    c.notice("system", `Using ${server.name} at ${server.baseUrl}. Model: ${c.app.model()}.${more}`);
  };

  const loginTo = async (provider: string): Promise<boolean> => {
    const a = auth();
    if (a.isOAuth(provider)) {
      await a.loginCopilot((code) => {
        c.notice("system", `Open ${code.verificationUri} and enter the code ${code.userCode}. Waiting for GitHub…`);
        openBrowser(code.verificationUri);
      });
      loggedIn(`Logged in to GitHub Copilot (stored in ${a.store.where})`);
      return true;
    }
    const answer = await c.modals.open<{ cancelled: boolean; value: string }>(
      (finish) => new InputModal({ message: `API key for ${provider} (checked with ${provider}, then stored in ${a.store.where})`, mask: true }, finish),
    );
    if (answer.cancelled || answer.value.trim() === "") return false;
    c.notice("system", `Checking the key with ${provider}…`);
    await a.saveKey(provider, answer.value);
    loggedIn(`The key for ${provider} works and is stored`);
    return true;
  };

  const login = async (provider?: string): Promise<boolean> => {
    if (provider) return loginTo(auth().provider(provider));
    const local = await localServers();
    const items = [
      ...local.map((server) => ({
        label: `${server.name} on ${new URL(server.baseUrl).host}`,
        description: `running now, no key needed · ${server.models.length} model(s)`,
        value: { local: server } as Choice,
      })),
      ...auth().choices().map((ch) => ({ label: ch.provider, description: ch.oauth ? `${ch.name} · log in with GitHub` : ch.name, value: { provider: ch.provider } as Choice })),
    ];
    const choice = await pick(c, "Log in to (type to filter)", items);
    if (!choice) return false;
    if ("local" in choice) {
      useLocal(choice.local);
      return true;
    }
    return loginTo(choice.provider);
  };

  const logout = async (arg: string) => {
    const stored = Object.keys(auth().store.all());
    if (stored.length === 0) return c.notice("warning", "Nothing is stored to log out of (keys from the environment stay until unset).");
    const provider = arg ? auth().provider(arg) : await pick(c, "Log out of", stored.map((p) => ({ label: p, value: p })));
    if (!provider) return;
    if (!stored.includes(provider)) return c.notice("warning", `Nothing is stored for ${provider}.`);
    const sure = await c.modals.open<{ cancelled: boolean; value: boolean }>((finish) => new ConfirmModal(`Forget the stored credential for ${provider}?`, false, finish));
    if (sure.cancelled || !sure.value) return;
    auth().logout(provider);
    c.app.modelControl.credentialsChanged();
    c.status.refresh();
    c.notice("system", `Logged out of ${provider}.`);
  };

  const welcome = () => {
    const looked = keyVariablesLookedFor(c.app.runtime.registry);
    const named = looked.slice(0, NAMED_VARIABLES).join(", ") + (looked.length > NAMED_VARIABLES ? ` and ${looked.length - NAMED_VARIABLES} more` : "");
    c.printBlock({
      subtitle: "Welcome to kit",
      text: [
        `No model can be reached yet: kit looked for ${named} (kit models lists them all) and found no stored key.`,
        "",
        "  /login                  store a key (checked with the provider first), or log in to GitHub Copilot",
        "  kit --provider-url URL  start kit on a local or self-hosted OpenAI-compatible server",
        "",
        "Then type your message.",
      ].join("\n"),
    });
    void localServers().then((servers) => {
      for (const s of servers) c.notice("system", `${s.name} is running at ${s.baseUrl} (${s.models.length} model(s)): choose it in /login, no key needed.`);
    });
  };

  return {
    login,
    welcome,
    commands: [
      {
        name: "login",
        args: "[provider]",
        description: "Store a provider's key, log in to GitHub Copilot, or use a local server",
        complete: () => auth().choices().map((ch) => ch.provider),
        run: async (arg) => void (await login(arg || undefined)),
      },
      {
        name: "logout",
        args: "[provider]",
        description: "Forget a stored key or login",
        complete: () => Object.keys(auth().store.all()),
        run: logout,
      },
    ],
  };
}

