/**
 * The wires beyond Anthropic and OpenAI, through the built binary against the scripted provider:
 * Gemini, Azure OpenAI, Amazon Bedrock and Google Vertex (Claude and Gemini). Each test checks what
 * a user sees and the request as that provider needs it; the credential errors are exit 3 with the fix.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { isolatedHome, kitEnv, runKit } from "../support/kit-process.ts";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import { project } from "./headless-support.ts";

let mock: MockLLM;
beforeAll(async () => {
  mock = await startMockLLM();
});
afterAll(async () => {
  await mock.close();
});

/** A run with only the given variables set (no Anthropic key: these wires must not need one). */
async function kit(args: string[], vars: Record<string, string>, cwd?: string) {
  const before = mock.requests.length;
  const r = await runKit([...args, "--no-session"], { env: kitEnv(isolatedHome(), vars), ...(cwd ? { cwd } : {}) });
  return { ...r, requests: mock.requests.slice(before) };
}

describe("gemini", () => {
  test("a tool loop: the thought signature goes back on its call, thinking follows --thinking-level, usage counts thoughts", async () => {
    const cwd = project({ "notes.txt": "buy milk\n" });
    mock.push(
      toolCall("read", { path: "notes.txt" }, { reasoning: { text: "Read the notes.", signature: "Z2VtaW5pLXNpZw==" }, usage: { input: 100, output: 30 } }),
      text("The note says: buy milk.", { usage: { input: 150, output: 8 } }),
    );
    const r = await kit(
      ["-m", "google/gemini-2.5-flash", "--provider-url", `${mock.url}/v1beta`, "--thinking-level", "medium", "--output", "json", "what do my notes say?"],
      { GEMINI_API_KEY: "test-gemini-key" },
      cwd,
    );
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.response).toBe("The note says: buy milk.");
    expect(out.usage).toMatchObject({ input_tokens: 250, output_tokens: 38 });
    const [first, second] = r.requests;
    expect(first!.path).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    expect(first!.query).toBe("?alt=sse");
    expect(first!.headers["x-goog-api-key"]).toBe("test-gemini-key");
    expect(first!.body.generationConfig.thinkingConfig).toEqual({ thinkingBudget: 8192, includeThoughts: true });
    const model = second!.body.contents[1];
    expect(model).toEqual({ role: "model", parts: [{ functionCall: { name: "read", args: { path: "notes.txt" } }, thoughtSignature: "Z2VtaW5pLXNpZw==" }] });
    expect(second!.body.contents[2].parts[0].functionResponse.name).toBe("read");
    expect(JSON.stringify(second!.body.contents[2])).toContain("buy milk");
  });

  test("GOOGLE_API_KEY works too; no key at all is exit 3 naming the variables", async () => {
    mock.push(text("hi there"));
    const ok = await kit(["-m", "google/gemini-2.5-flash", "--provider-url", `${mock.url}/v1beta`, "hi"], { GOOGLE_API_KEY: "g-key" });
    expect(ok.stdout).toBe("hi there\n");
    expect(ok.requests[0]!.headers["x-goog-api-key"]).toBe("g-key");
    const missing = await kit(["-m", "google/gemini-2.5-flash", "hi"], {});
    expect(missing.exitCode).toBe(3);
    expect(missing.stderr).toContain("GEMINI_API_KEY");
    expect(missing.requests).toHaveLength(0);
  });
});

describe("azure", () => {
  test("the deployment's Chat Completions with api-key and api-version, the endpoint from AZURE_OPENAI_ENDPOINT", async () => {
    mock.push(text("Hello from Azure."));
    const r = await kit(["-m", "azure/my-gpt-deployment", "--provider-wire", "azure", "hi"], {
      AZURE_OPENAI_API_KEY: "azure-key",
      AZURE_OPENAI_ENDPOINT: mock.url,
      AZURE_OPENAI_API_VERSION: "2025-04-01-preview",
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("Hello from Azure.\n");
    const req = r.requests[0]!;
    expect(req.path).toBe("/openai/deployments/my-gpt-deployment/chat/completions");
    expect(req.query).toBe("?api-version=2025-04-01-preview");
    expect(req.headers["api-key"]).toBe("azure-key");
    expect(req.headers.authorization).toBeUndefined();
  });

  test("no endpoint is exit 3 with what to set", async () => {
    const r = await kit(["-m", "azure/d", "--provider-wire", "azure", "hi"], { AZURE_OPENAI_API_KEY: "k" });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("AZURE_OPENAI_ENDPOINT");
  });
});

describe("bedrock", () => {
  // A model of the catalogue: an unknown one would add a warning to stderr.
  const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";

  test("signed with AWS credentials from the environment, for AWS_REGION, on the model's invoke-with-response-stream", async () => {
    mock.push(text("Hello from Bedrock."));
    const r = await kit(["-m", `amazon-bedrock/${MODEL}`, "--provider-wire", "bedrock", "--provider-url", mock.url, "hi"], {
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_REGION: "eu-west-3",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("Hello from Bedrock.\n");
    const req = r.requests[0]!;
    expect(req.path).toBe(`/model/${MODEL}/invoke-with-response-stream`);
    expect(req.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-3\/bedrock\/aws4_request/);
    // Bedrock and Vertex take the API version in the body, the model in the path.
    expect(typeof req.body.anthropic_version).toBe("string");
    expect(req.body.messages).toEqual([{ role: "user", content: [{ type: "text", text: "hi", cache_control: { type: "ephemeral" } }] }]);
    expect(req.body).not.toHaveProperty("model");
  });

  test("a Bedrock API key is sent as a bearer token", async () => {
    mock.push(text("ok"));
    const r = await kit(["-m", `amazon-bedrock/${MODEL}`, "--provider-wire", "bedrock", "--provider-url", mock.url, "hi"], { AWS_BEARER_TOKEN_BEDROCK: "bedrock-key" });
    expect(r.stdout).toBe("ok\n");
    expect(r.requests[0]!.headers.authorization).toBe("Bearer bedrock-key");
  });

  test("no AWS credentials anywhere is exit 3 with the fix, and nothing is sent", async () => {
    const r = await kit(["-m", `amazon-bedrock/${MODEL}`, "--provider-wire", "bedrock", "--provider-url", mock.url, "hi"], {
      AWS_EC2_METADATA_DISABLED: "true",
    });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("no AWS credentials for Amazon Bedrock");
    expect(r.stderr).toContain("AWS_ACCESS_KEY_ID");
    expect(r.stderr).not.toContain("retrying");
    expect(r.requests).toHaveLength(0);
  });
});

describe("vertex", () => {
  test("Claude: the project's streamRawPredict with the access token, the version in the body", async () => {
    mock.push(text("Hello from Vertex Claude."));
    const r = await kit(["-m", "google-vertex-anthropic/claude-3-5-haiku@20241022", "--provider-wire", "vertex-anthropic", "--provider-url", mock.url, "hi"], {
      GOOGLE_VERTEX_PROJECT: "my-project",
      GOOGLE_VERTEX_ACCESS_TOKEN: "ya29.token",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("Hello from Vertex Claude.\n");
    const req = r.requests[0]!;
    expect(req.path).toBe("/projects/my-project/locations/us-east5/publishers/anthropic/models/claude-3-5-haiku@20241022:streamRawPredict");
    expect(req.headers.authorization).toBe("Bearer ya29.token");
    expect(typeof req.body.anthropic_version).toBe("string");
    expect(req.body).not.toHaveProperty("model");
  });

  test("Gemini: the project's and location's streamGenerateContent with a bearer token", async () => {
    mock.push(text("Hello from Vertex Gemini."));
    const r = await kit(["-m", "google-vertex/gemini-2.5-pro", "--provider-wire", "vertex", "--provider-url", mock.url, "hi"], {
      GOOGLE_VERTEX_PROJECT: "my-project",
      GOOGLE_VERTEX_LOCATION: "europe-west4",
      GOOGLE_VERTEX_ACCESS_TOKEN: "ya29.token",
    });
    expect(r.stdout).toBe("Hello from Vertex Gemini.\n");
    const req = r.requests[0]!;
    expect(req.path).toBe("/projects/my-project/locations/europe-west4/publishers/google/models/gemini-2.5-pro:streamGenerateContent");
    expect(req.headers.authorization).toBe("Bearer ya29.token");
  });

  test("no project, and no Google credentials, are exit 3 with the fix", async () => {
    const noProject = await kit(["-m", "google-vertex/gemini-2.5-pro", "--provider-wire", "vertex", "hi"], {});
    expect(noProject.exitCode).toBe(3);
    expect(noProject.stderr).toContain("GOOGLE_VERTEX_PROJECT");
    for (const wire of ["vertex", "vertex-anthropic"]) {
      const r = await kit(["-m", `google-vertex/some-model`, "--provider-wire", wire, "--provider-url", mock.url, "hi"], {
        GOOGLE_VERTEX_PROJECT: "my-project",
        // No metadata server outside Google Cloud: do not wait for one.
        METADATA_SERVER_DETECTION: "none",
      });
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toContain("no Google Cloud credentials for Vertex AI");
      expect(r.stderr).toContain("gcloud auth application-default login");
      expect(r.requests).toHaveLength(0);
    }
  });
});
