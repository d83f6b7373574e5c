import type { SensitivityLevel, ToolParameter } from './catalog-types.js';

/** Hand-written servers that always come first, so demos and docs can name them. */
export interface WellKnownServer {
  name: string;
  sensitivity: SensitivityLevel;
  teams: string[];
  tools: WellKnownTool[];
}

export interface WellKnownTool {
  name: string;
  description: string;
  sensitivity: SensitivityLevel;
  parameters: ToolParameter[];
  sensitiveParams: string[];
  capabilities: string[];
}

const param = (name: string, type: string, required: boolean, description: string): ToolParameter => ({
  name,
  type,
  required,
  description,
});

export const wellKnownServers: readonly WellKnownServer[] = [
  {
    name: 'postgres-mcp',
    sensitivity: 'high',
    teams: ['data', 'platform'],
    tools: [
      {
        name: 'execute_query',
        description: 'Run a SQL query against the analytics database',
        sensitivity: 'high',
        parameters: [
          param('query', 'string', true, 'SQL text'),
          param('database', 'string', false, 'Database name'),
          param('password', 'string', false, 'Database password override'),
        ],
        sensitiveParams: ['password'],
        capabilities: ['database:read', 'database:write'],
      },
      {
        name: 'list_tables',
        description: 'List the tables of a schema',
        sensitivity: 'low',
        parameters: [param('schema', 'string', false, 'Schema name')],
        sensitiveParams: [],
        capabilities: ['database:read'],
      },
      {
        name: 'describe_table',
        description: 'Show the columns of a table',
        sensitivity: 'low',
        parameters: [param('table', 'string', true, 'Table name')],
        sensitiveParams: [],
        capabilities: ['database:read'],
      },
    ],
  },
  {
    name: 'github-mcp',
    sensitivity: 'medium',
    teams: ['engineering', 'platform'],
    tools: [
      {
        name: 'create_issue',
        description: 'Open an issue in a repository',
        sensitivity: 'medium',
        parameters: [
          param('repo', 'string', true, 'owner/name'),
          param('title', 'string', true, 'Issue title'),
          param('body', 'string', false, 'Issue body'),
        ],
        sensitiveParams: [],
        capabilities: ['repo:write'],
      },
      {
        name: 'list_repos',
        description: 'List the repositories of an organisation',
        sensitivity: 'low',
        parameters: [param('org', 'string', true, 'Organisation')],
        sensitiveParams: [],
        capabilities: ['repo:read'],
      },
      {
        name: 'merge_pull_request',
        description: 'Merge a pull request',
        sensitivity: 'high',
        parameters: [
          param('repo', 'string', true, 'owner/name'),
          param('number', 'integer', true, 'Pull request number'),
          param('token', 'string', false, 'Personal access token override'),
        ],
        sensitiveParams: ['token'],
        capabilities: ['repo:write', 'repo:admin'],
      },
    ],
  },
];

export const teams = ['data', 'platform', 'security', 'finance', 'engineering', 'ml', 'support', 'sales'] as const;

export const toolVerbs = ['get', 'list', 'search', 'create', 'update', 'delete', 'export', 'sync', 'run', 'fetch'];
export const toolNouns = [
  'records',
  'documents',
  'tickets',
  'invoices',
  'users',
  'metrics',
  'events',
  'files',
  'reports',
  'jobs',
  'alerts',
  'messages',
];

export const parameterPool: readonly ToolParameter[] = [
  param('id', 'string', true, 'Identifier'),
  param('query', 'string', false, 'Search text'),
  param('limit', 'integer', false, 'Maximum number of items'),
  param('since', 'string', false, 'ISO-8601 lower bound'),
  param('format', 'string', false, 'Output format'),
  param('dry_run', 'boolean', false, 'Validate only'),
  param('payload', 'object', false, 'Free-form input'),
];

/** Parameters whose values are secrets; a tool that takes one lists it in sensitive_params. */
export const secretParameterPool: readonly ToolParameter[] = [
  param('api_token', 'string', false, 'Upstream API token'),
  param('password', 'string', false, 'Account password'),
  param('ssn', 'string', false, 'Social security number'),
];
