/**
 * The last line of defence for what kit prints when something goes wrong (an internal error's stack,
 * a crash in the terminal UI, a usage error): the values of the environment's key, token, secret and
 * password variables are replaced by "***", whatever put them into the text.
 */

const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;
/** Shorter values are no secrets worth hiding, and replacing them would mangle ordinary words. */
const MIN_SECRET_LENGTH = 8;

export function withoutEnvSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text;
  for (const [name, value] of Object.entries(env)) {
    if (value && value.length >= MIN_SECRET_LENGTH && SECRET_NAME.test(name) && out.includes(value)) out = out.split(value).join("***");
  }
  return out;
}
