// Floor for a headless turn: a compiled program that makes the same streaming requests with the
// official SDK and prints the text, and nothing else (no config, no sessions, no system prompt logic).
// When the model asks for tools it answers them the least costly way (`ls` is a readdir) and asks
// again, as an agent loop must, so a turn of several calls has a floor making the same requests.
import Anthropic from "@anthropic-ai/sdk";
import { readdirSync } from "node:fs";

const [baseURL, prompt = "hi"] = process.argv.slice(2);
const client = new Anthropic({ baseURL, apiKey: "bench", maxRetries: 0, logLevel: "off" });
const messages: Anthropic.MessageParam[] = [{ role: "user", content: prompt }];
for (;;) {
  const stream = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, stream: true, messages });
  const calls: { id: string; name: string; json: string }[] = [];
  for await (const ev of stream) {
    if (ev.type === "content_block_start" && ev.content_block.type === "tool_use") calls.push({ id: ev.content_block.id, name: ev.content_block.name, json: "" });
    else if (ev.type === "content_block_delta" && ev.delta.type === "text_delta") process.stdout.write(ev.delta.text);
    else if (ev.type === "content_block_delta" && ev.delta.type === "input_json_delta") calls.at(-1)!.json += ev.delta.partial_json;
  }
  if (calls.length === 0) break;
  const uses = calls.map((c) => ({ type: "tool_use" as const, id: c.id, name: c.name, input: JSON.parse(c.json || "{}") }));
  messages.push({ role: "assistant", content: uses });
  messages.push({
    role: "user",
    content: uses.map((u) => ({ type: "tool_result" as const, tool_use_id: u.id, content: readdirSync(u.input.path ?? ".").join("\n") })),
  });
}
process.stdout.write("\n");
