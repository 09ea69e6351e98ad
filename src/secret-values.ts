/**
 * Secret values kept out of what kit prints and writes: a provider's error that echoes the key it was
 * sent (llm/errors.ts), and the last line of defence for what kit prints when something goes wrong (an
 * internal error's stack, a crash of the terminal UI, a usage error), where the values of the
 * environment's key, token, secret and password variables are replaced by "***". Tool results get the
 * same treatment with the run's provider key added (app/tool-output-secrets.ts).
 */

const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;
/** Shorter values are no secrets worth hiding, and replacing them would mangle ordinary words. */
const MIN_SECRET_LENGTH = 8;

/** `text` with every occurrence of each of `secrets` (of a secret's length) replaced by "***". */
export function withoutValues(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) out = out.split(secret).join("***");
  return out;
}

/** The values of the environment's key, token, secret, password and credential variables. */
export function envSecretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env).flatMap(([name, value]) => (value && SECRET_NAME.test(name) ? [value] : []));
}

export function withoutEnvSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return withoutValues(text, envSecretValues(env));
}
