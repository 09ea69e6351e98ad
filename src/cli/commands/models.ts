import { defineCommand } from "citty";
import { createRegistry } from "../../app/runtime.ts";
import { loadConfig } from "../../config/config.ts";
import { runModelsCommand } from "../models-command.ts";

export const modelsCommand = defineCommand({
  meta: { name: "kit models", description: "Providers and models known to the registry, with context size and prices" },
  args: {
    provider: { type: "positional", required: false, description: "only this provider (e.g. anthropic)" },
    all: { type: "boolean", description: "also every provider of the table downloaded with kit update-models" },
    config: { type: "string", description: "use only this config file" },
  },
  run: ({ args }) => {
    const config = loadConfig({ cwd: process.cwd(), env: process.env, flags: {}, explicitFile: args.config });
    return runModelsCommand({
      provider: args.provider,
      all: args.all === true,
      registry: createRegistry(config),
      out: (line) => process.stdout.write(line + "\n"),
      err: (line) => process.stderr.write(line + "\n"),
      color: process.stdout.isTTY === true && !process.env.NO_COLOR,
    });
  },
});
