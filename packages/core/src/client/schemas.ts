import { z } from 'zod';

export const sensitivityLevel = z.enum(['low', 'medium', 'high', 'critical']);

const isoDate = z.string().nullable().optional();
const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/i, 'expected an http(s) URL');

/** ServerInfo of gateway-api.md; unknown fields are kept. */
const serverInfoShape = {
  server_id: z.string(),
  server_name: z.string(),
  server_url: httpUrl,
  sensitivity_level: sensitivityLevel.default('medium'),
  authorized_teams: z.array(z.string()).default([]),
  access_restrictions: z.record(z.string(), z.unknown()).nullable().optional(),
  health_status: z.string(),
  tools_count: z.number().int().nonnegative(),
  created_at: isoDate,
  updated_at: isoDate,
};
export const serverInfoSchema = z.looseObject(serverInfoShape);

const toolParameterShape = { name: z.string(), type: z.string(), required: z.boolean() };
const toolParameter = z.looseObject(toolParameterShape);

/** ToolInfo of gateway-api.md; unknown fields are kept. */
const toolInfoShape = {
  tool_name: z.string(),
  server_name: z.string(),
  description: z.string(),
  sensitivity_level: sensitivityLevel.default('medium'),
  parameters: z.array(toolParameter).default([]),
  sensitive_params: z.array(z.string()).default([]),
  required_capabilities: z.array(z.string()).default([]),
};
export const toolInfoSchema = z.looseObject(toolInfoShape);

const pageFields = {
  total: z.number().int().nonnegative().optional(),
  next_offset: z.number().int().nonnegative().nullable().optional(),
};

export const serverPageSchema = z.looseObject({ servers: z.array(serverInfoSchema), ...pageFields });
export const toolPageSchema = z.looseObject({ tools: z.array(toolInfoSchema), ...pageFields });
export const invokeResultSchema = z.looseObject({});
export const healthSchema = z.looseObject({ status: z.string() });

export type SensitivityLevel = z.infer<typeof sensitivityLevel>;
// Unknown fields are kept at run time, but only the known ones are typed: a misspelt field is a type error, not
// `unknown` through an index signature. (Read an extra field with `(server as Record<string, unknown>).extra`.)
export type ServerInfo = z.infer<z.ZodObject<typeof serverInfoShape>>;
export type ToolParameter = z.infer<z.ZodObject<typeof toolParameterShape>>;
export type ToolInfo = Omit<z.infer<z.ZodObject<typeof toolInfoShape>>, 'parameters'> & { parameters: ToolParameter[] };
export type InvokeResult = z.infer<typeof invokeResultSchema>;
export type HealthResponse = { status: string };
