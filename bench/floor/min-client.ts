// Floor for a headless turn: a compiled program that makes the same streaming request with the
// official SDK and prints the text, and nothing else (no config, no tools, no system prompt logic).
import Anthropic from "@anthropic-ai/sdk";

const [baseURL, prompt = "hi"] = process.argv.slice(2);
const client = new Anthropic({ baseURL, apiKey: "bench", maxRetries: 0, logLevel: "off" });
const stream = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, stream: true, messages: [{ role: "user", content: prompt }] });
for await (const ev of stream) {
  if (ev.type === "content_block_delta" && ev.delta.type === "text_delta") process.stdout.write(ev.delta.text);
}
process.stdout.write("\n");
