# Example authorization policy for mcpgw (see README.md beside this file).
#
# Query: POST /v1/data/mcp/gateway/decision with {"input": ...} as described in gateway-api.md.
# Accepted by OPA 0.47+ (with the future.keywords import) and by OPA 1.x (where the import is a no-op).
package mcp.gateway

import future.keywords.contains
import future.keywords.if
import future.keywords.in

# ---------------------------------------------------------------------------------------------------------------
# Configuration. Override in data (data.mcp_gateway_config) or per call in input.context.critical_hours.
# Hours are [start, end) on a 24 h clock in the given IANA time zone.
# ---------------------------------------------------------------------------------------------------------------

default_critical_hours := {"start": 9, "end": 17, "timezone": "UTC"}

critical_hours := data.mcp_gateway_config.critical_hours if {
	data.mcp_gateway_config.critical_hours
} else := input.context.critical_hours if {
	input.context.critical_hours
} else := default_critical_hours

# How long (seconds) a client may cache a decision, per effective sensitivity level. Critical decisions depend on
# the clock, so they are never cached.
cache_ttl_by_level := {"low": 300, "medium": 60, "high": 10, "critical": 0}

# The highest sensitivity level each role may use.
role_ceiling := {"admin": 4, "developer": 3, "analyst": 2}

level_rank := {"low": 1, "medium": 2, "high": 3, "critical": 4}

# Parameter names that look like secrets, compared after lower-casing and dropping "_" and "-".
secret_markers := {"password", "secret", "token", "apikey", "creditcard"}

# ---------------------------------------------------------------------------------------------------------------
# Facts about the call
# ---------------------------------------------------------------------------------------------------------------

user_roles := {r | some r in input.user.roles}

known_roles := {r | some r in user_roles; role_ceiling[r]}

server_level := lower(input.server.sensitivity_level) if {
	level_rank[lower(input.server.sensitivity_level)]
} else := "medium"

tool_level := lower(input.tool.sensitivity_level) if {
	level_rank[lower(input.tool.sensitivity_level)]
} else := "medium"

# The stricter of the server's and the tool's levels.
effective_level := server_level if {
	level_rank[server_level] >= level_rank[tool_level]
} else := tool_level

effective_rank := level_rank[effective_level]

user_ceiling := max({role_ceiling[r] | some r in known_roles}) if count(known_roles) > 0

is_admin if "admin" in user_roles

authorized_teams := {t | some t in input.server.authorized_teams}

user_teams := {t | some t in input.user.teams}

current_hour := hour if {
	[hour, _, _] := time.clock([input.context.timestamp * 1000000000, critical_hours.timezone])
}

within_critical_hours if {
	critical_hours.start <= current_hour
	current_hour < critical_hours.end
}

# ---------------------------------------------------------------------------------------------------------------
# Deny reasons: authoritative. Any one of them refuses the call.
# ---------------------------------------------------------------------------------------------------------------

deny contains "no user" if not input.user.id

deny contains "no recognised role" if {
	input.user.id
	count(known_roles) == 0
}

deny contains msg if {
	count(authorized_teams) > 0
	not is_admin
	count(authorized_teams & user_teams) == 0
	msg := sprintf("team not authorized for server %s", [input.server.name])
}

deny contains msg if {
	count(known_roles) > 0
	effective_level != "critical"
	effective_rank > user_ceiling
	msg := sprintf("role may not use %s sensitivity tools", [effective_level])
}

deny contains "critical tools are for admins only" if {
	effective_level == "critical"
	count(known_roles) > 0
	not is_admin
}

deny contains "parameters nested too deeply to filter" if parameters_too_deep

deny contains "critical tools only within configured hours" if {
	effective_level == "critical"
	is_admin
	not within_critical_hours
}

# ---------------------------------------------------------------------------------------------------------------
# Decision
# ---------------------------------------------------------------------------------------------------------------

default allow := false

allow if {
	count(known_roles) > 0
	count(deny) == 0
}

# Single-valued: the first deny reason (sorted, so stable), else why it was allowed.
reason := sort(deny)[0] if {
	count(deny) > 0
} else := sprintf("allowed: %s for %s sensitivity", [concat(",", sort(known_roles)), effective_level]) if {
	allow
} else := "no rule allowed the call"

parameters := input.tool.parameters if {
	is_object(input.tool.parameters)
} else := input.parameters if {
	is_object(input.parameters)
} else := {}

# Secret-looking keys are removed at every depth, through objects and arrays. Rego has no recursion and the
# portable engine used by the tests refuses walk(), so the descent is unrolled to 8 levels; a container nested
# deeper than that cannot be vouched for, is replaced by a marker, and the call is denied.
too_deep_marker := "[mcpgw: nested too deeply to filter]"

looks_secret(key) if {
	normalised := replace(replace(lower(key), "_", ""), "-", "")
	some marker in secret_markers
	contains(normalised, marker)
}

filtered_parameters := filter_level_0(parameters)

filter_level_0(value) := {key: filter_level_1(child) | some key, child in value; not looks_secret(key)} if {
	is_object(value)
} else := [filter_level_1(child) | some child in value] if {
	is_array(value)
} else := value

filter_level_1(value) := {key: filter_level_2(child) | some key, child in value; not looks_secret(key)} if {
	is_object(value)
} else := [filter_level_2(child) | some child in value] if {
	is_array(value)
} else := value

filter_level_2(value) := {key: filter_level_3(child) | some key, child in value; not looks_secret(key)} if {
	is_object(value)
} else := [filter_level_3(child) | some child in value] if {
	is_array(value)
} else := value

filter_level_3(value) := {key: filter_level_4(child) | some key, child in value; not looks_secret(key)} if {
	is_object(value)
} else := [filter_level_4(child) | some child in value] if {
	is_array(value)
} else := value

filter_level_4(value) := {key: filter_level_5(child) | some key, child in value; not looks_secret(key)} if {
	is_object(value)
} else := [filter_level_5(child) | some child in value] if {
	is_array(value)
} else := value

filter_level_5(value) := {key: filter_level_6(child) | some key, child in value; not looks_secret(key)} if {
	is_object(value)
} else := [filter_level_6(child) | some child in value] if {
	is_array(value)
} else := value

filter_level_6(value) := {key: filter_level_7(child) | some key, child in value; not looks_secret(key)} if {
	is_object(value)
} else := [filter_level_7(child) | some child in value] if {
	is_array(value)
} else := value

filter_level_7(value) := {key: filter_too_deep(child) | some key, child in value; not looks_secret(key)} if {
	is_object(value)
} else := [filter_too_deep(child) | some child in value] if {
	is_array(value)
} else := value

filter_too_deep(value) := too_deep_marker if {
	is_object(value)
} else := too_deep_marker if {
	is_array(value)
} else := value

parameters_too_deep if contains(json.marshal(filtered_parameters), too_deep_marker)

cache_ttl := cache_ttl_by_level[effective_level]

decision := {
	"allow": allow,
	"deny": deny,
	"reason": reason,
	"filtered_parameters": filtered_parameters,
	"cache_ttl": cache_ttl,
}
