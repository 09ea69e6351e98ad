// Floor of the floor: fetch the same stream and only count its bytes (no SSE parsing, no SDK).
export {};
const [url] = process.argv.slice(2);
const r = await fetch(`${url}/v1/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "claude-sonnet-4-5", stream: true, max_tokens: 1024, messages: [{ role: "user", content: "hi" }] }) });
let bytes = 0;
for await (const chunk of r.body!) bytes += chunk.length;
console.log(bytes);
