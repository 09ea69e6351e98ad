/**
 * The ExtensionAPI object handed to one extension's init. Every method records into the registry
 * under that extension's path; registering after init is allowed and takes effect at once.
 * Mistakes throw at the call (unknown event, ctrl+c, bad schema), so the extension's line is reported.
 */
import { EVENT_NAMES, isEventName, ON_METHODS, type ExtensionAPI, type OnMethodName } from "./contract.ts";
import type { ExtensionRegistry } from "./registry.ts";

export function createExtensionAPI(registry: ExtensionRegistry, extPath: string): ExtensionAPI {
  const on = (event: unknown, handler: unknown): void => {
    if (!isEventName(event)) {
      throw new Error(`unknown event "${String(event)}"; events are: ${EVENT_NAMES.join(", ")}`);
    }
    if (typeof handler !== "function") throw new TypeError(`on("${event}"): handler must be a function`);
    registry.addHandler(extPath, event, handler as never);
  };

  const onMethods = Object.fromEntries(
    (Object.keys(ON_METHODS) as OnMethodName[]).map((method) => [method, (h: unknown) => on(ON_METHODS[method], h)]),
  ) as Pick<ExtensionAPI, OnMethodName>;

  return {
    on,
    ...onMethods,
    onCustomEvent(name, handler) {
      if (typeof name !== "string" || name === "") throw new TypeError("onCustomEvent: name must be a non-empty string");
      if (typeof handler !== "function") throw new TypeError(`onCustomEvent("${name}"): handler must be a function`);
      registry.addCustomHandler(extPath, name, handler);
    },
    registerTool: (def) => registry.addTool(extPath, def),
    registerCommand: (def) => registry.addCommand(extPath, def),
    registerShortcut: (def, handler) => registry.addShortcut(extPath, def, handler),
    registerOption: (def) => registry.addOption(extPath, def),
    registerToolRenderer: (def) => registry.addToolRenderer(extPath, def),
    registerMessageRenderer: (def) => registry.addMessageRenderer(extPath, def),
  };
}
