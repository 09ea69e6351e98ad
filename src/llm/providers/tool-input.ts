/**
 * Tool arguments are stored as the JSON text the model wrote. APIs that take them back as an object
 * need it parsed; text that is not a JSON object (a model's malformed call, already answered with
 * an error result) is sent as an empty object so the history stays valid.
 */
export function parseToolInput(input: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(input);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `data:` URL for image parts sent to the OpenAI APIs. */
export function dataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}
