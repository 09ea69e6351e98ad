import { defineCommand } from "citty";
import { authOf } from "../../app/auth.ts";
import { createRegistry } from "../../app/runtime.ts";
import { loadConfig } from "../../config/config.ts";
import { runModelsCommand } from "../models-command.ts";

export const modelsCommand = defineCommand({
  meta: { name: "kit models", description: "Every provider kit can reach (marking those whose key is set), or one provider's models with context size and prices" },
  args: {
    provider: { type: "positional", required: false, description: "only this provider (e.g. anthropic)" },
    all: { type: "boolean", description: "the models of every provider" },
    config: { type: "string", description: "use only this config file" },
  },
  run: ({ args }) => {
    const config = loadConfig({ cwd: process.cwd(), env: process.env, flags: {}, explicitFile: args.config });
    const registry = createRegistry(config);
    return runModelsCommand({
      provider: args.provider,
      all: args.all === true,
      registry,
      env: process.env,
      stored: new Set(Object.keys(authOf(config, registry, process.env).store.all())),
      out: (line) => process.stdout.write(line + "\n"),
      err: (line) => process.stderr.write(line + "\n"),
      color: process.stdout.isTTY === true && !process.env.NO_COLOR,
    });
  },
});
