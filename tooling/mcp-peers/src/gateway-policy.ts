/**
 * The Rego policy the onion's OPA layer evaluates in front of a gateway: the verified canary user may call any tool
 * of a loopback server but `get-env` (it would print the peer's environment), also under an aggregator's
 * `<server>__` prefix, so a deny can be seen to send nothing.
 */
export const gatewayPolicy = `package mcp.gateway

import future.keywords.if

default allow := false

allow if {
	input.action == "gateway:tool:invoke"
	input.user.id == "canary-user"
	not env_tool
	startswith(input.server.origin, "http://127.0.0.1:")
}

env_tool if input.tool.name == "get-env"

env_tool if endswith(input.tool.name, "__get-env")

reason := "ok" if allow
else := "get-env is not for this user"

decision := {"allow": allow, "reason": reason}
`;

export const deniedTool = 'get-env';
