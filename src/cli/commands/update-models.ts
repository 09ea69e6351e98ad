import { defineCommand } from "citty";
import { kitPaths } from "../../config/paths.ts";
import { DEFAULT_MODELS_SOURCE, runUpdateModelsCommand } from "../update-models-command.ts";

export const updateModelsCommand = defineCommand({
  meta: { name: "kit update-models", description: "Refresh the model table (models.dev format) into the data directory" },
  args: {
    source: {
      type: "positional",
      required: false,
      description: `a URL, a file, or "embedded" to go back to the built-in table (default ${DEFAULT_MODELS_SOURCE})`,
    },
  },
  run: ({ args }) =>
    runUpdateModelsCommand({
      source: args.source,
      dataDir: kitPaths(process.env).dataDir,
      out: (line) => process.stdout.write(line + "\n"),
      err: (line) => process.stderr.write(line + "\n"),
    }),
});
