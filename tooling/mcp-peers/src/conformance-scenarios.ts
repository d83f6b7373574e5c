/**
 * What the driver does for each client scenario of the conformance suite: the calls the scenario's mock server
 * expects, made through our client. The suite judges the client by what arrives on the wire; the driver only has to
 * make the calls (and fail loudly when one fails, so the suite's report says the client exited with an error).
 * test/conformance.test.ts documents what each scenario checks.
 */

/** The part of the preset's MCP client the scenarios use. */
export interface ScenarioClient {
  tools(): AsyncIterable<Tool>;
  invokeTool(options: { tool: string; parameters?: Record<string, unknown> }): Promise<unknown>;
  resources(): AsyncIterable<{ uri: string; name?: string }>;
  readResource(options: { uri: string }): Promise<unknown>;
  prompts(): AsyncIterable<{ name: string; arguments?: ReadonlyArray<{ name: string; required?: boolean }> }>;
  getPrompt(options: { name: string; arguments?: Record<string, string> }): Promise<unknown>;
}

export interface Tool {
  name: string;
  inputSchema?: { properties?: Record<string, { type?: string }>; required?: string[] } & Record<string, unknown>;
}

/** Handlers for server-to-client requests, given to the client's options (`mcp.handlers`) by the driver. */
export interface ScenarioHandlers {
  elicitation?: (request: ElicitRequest) => Promise<{ action: 'accept' | 'decline' | 'cancel'; content?: object }>;
}

export interface ElicitRequest {
  message?: string;
  requestedSchema?: { properties?: Record<string, unknown> };
}

export interface Scenario {
  handlers?: (context: ScenarioContext) => ScenarioHandlers;
  run(client: ScenarioClient, context: ScenarioContext): Promise<void>;
}

export interface ScenarioContext {
  /** MCP_CONFORMANCE_CONTEXT, parsed (scenario-specific data, e.g. the arguments to send). */
  data: Record<string, any>;
  /** The client, for a handler that must make a call of its own while a call waits on it. */
  client?: ScenarioClient;
}

async function listTools(client: ScenarioClient): Promise<Tool[]> {
  const tools: Tool[] = [];
  for await (const tool of client.tools()) tools.push(tool);
  return tools;
}

function requireTool(tools: Tool[], name: string): Tool {
  const tool = tools.find((t) => t.name === name);
  if (tool === undefined) throw new Error(`the server did not list the tool ${name} (got ${tools.map((t) => t.name)})`);
  return tool;
}

/** Arguments that satisfy a tool's required properties by their declared type. */
function placeholderArguments(tool: Tool): Record<string, unknown> {
  const samples: Record<string, unknown> = { string: 'us-west1', integer: 1, number: 1, boolean: true };
  const args: Record<string, unknown> = {};
  for (const name of tool.inputSchema?.required ?? []) {
    const type = tool.inputSchema?.properties?.[name]?.type ?? 'string';
    args[name] = type in samples ? samples[type] : type === 'array' ? [] : type === 'null' ? null : {};
  }
  return args;
}

const listAndAdd: Scenario = {
  async run(client) {
    const tools = await listTools(client);
    const tool = tools[0];
    if (tool !== undefined) await client.invokeTool({ tool: tool.name, parameters: { a: 2, b: 3 } });
  },
};

/**
 * Every OAuth scenario (auth/*) makes the same calls: list the tools, then call the first one. The mock servers
 * judge what happened on the way (discovery, registration, the grant); two authorized requests let the
 * authorization-server migration scenario change the server in between, and let step-up scenarios ask for more scope
 * on tools/call.
 */
export const authScenario: Scenario = {
  async run(client) {
    const tools = await listTools(client);
    const tool = tools[0];
    if (tool !== undefined) await client.invokeTool({ tool: tool.name, parameters: {} });
  },
};

export const scenarios: Record<string, Scenario> = {
  initialize: listAndAdd,
  tools_call: listAndAdd,

  'elicitation-sep1034-client-defaults': {
    // Accepts with nothing filled in: applying the schema's defaults is the client's job (SEP-1034).
    handlers: () => ({ elicitation: async () => ({ action: 'accept', content: {} }) }),
    async run(client) {
      requireTool(await listTools(client), 'test_client_elicitation_defaults');
      await client.invokeTool({ tool: 'test_client_elicitation_defaults', parameters: {} });
    },
  },

  'sse-retry': {
    async run(client) {
      requireTool(await listTools(client), 'test_reconnection');
      await client.invokeTool({ tool: 'test_reconnection', parameters: {} });
    },
  },

  'json-schema-2020-12-preservation': {
    async run(client) {
      const tools = await listTools(client);
      const focal = requireTool(tools, 'json_schema_2020_12_tool');
      requireTool(tools, 'json_schema_echo');
      await client.invokeTool({ tool: 'json_schema_echo', parameters: { schema: focal.inputSchema } });
    },
  },

  'json-schema-ref-no-deref': {
    async run(client) {
      requireTool(await listTools(client), 'lookup_user');
    },
  },

  'request-metadata': {
    async run(client) {
      await listTools(client);
    },
  },

  'http-standard-headers': {
    async run(client) {
      for (const tool of await listTools(client)) await client.invokeTool({ tool: tool.name, parameters: {} });
      for await (const resource of client.resources()) await client.readResource({ uri: resource.uri });
      for await (const prompt of client.prompts()) await client.getPrompt({ name: prompt.name, arguments: {} });
    },
  },

  'http-custom-headers': {
    async run(client, context) {
      const tools = await listTools(client);
      const calls = (context.data.toolCalls ?? []) as Array<{ name: string; arguments: Record<string, unknown> }>;
      if (calls.length === 0) throw new Error('MCP_CONFORMANCE_CONTEXT has no toolCalls');
      for (const call of calls) {
        requireTool(tools, call.name);
        await client.invokeTool({ tool: call.name, parameters: call.arguments });
      }
    },
  },

  'http-invalid-tool-headers': {
    // Calls every tool the client kept: the client must have dropped the ones with an invalid x-mcp-header.
    async run(client) {
      for (const tool of await listTools(client)) {
        await client.invokeTool({ tool: tool.name, parameters: placeholderArguments(tool) });
      }
    },
  },

  'sep-2322-client-request-state': {
    // The server asks for input (input_required) on the first call of test_mrtr_echo_state; while the client holds
    // that call's requestState, the handler makes an unrelated call, which must carry none of it.
    handlers: (context) => {
      let unrelatedCalled = false;
      return {
        elicitation: async () => {
          if (!unrelatedCalled && context.client !== undefined) {
            unrelatedCalled = true;
            await context.client.invokeTool({ tool: 'test_mrtr_unrelated', parameters: {} });
          }
          return { action: 'accept', content: { confirmed: true } };
        },
      };
    },
    async run(client) {
      const tools = await listTools(client);
      for (const name of ['test_mrtr_echo_state', 'test_mrtr_no_state', 'test_mrtr_no_result_type']) {
        requireTool(tools, name);
        await client.invokeTool({ tool: name, parameters: {} });
      }
    },
  },
};
