import { z } from 'zod';

export const sensitivityLevel = z.enum(['low', 'medium', 'high', 'critical']);

const isoDate = z.string().nullable().optional();
const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/i, 'expected an http(s) URL');

/** ServerInfo of gateway-api.md; unknown fields are kept. */
export const serverInfoSchema = z.looseObject({
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
});

const toolParameter = z.looseObject({ name: z.string(), type: z.string(), required: z.boolean() });

/** ToolInfo of gateway-api.md; unknown fields are kept. */
export const toolInfoSchema = z.looseObject({
  tool_name: z.string(),
  server_name: z.string(),
  description: z.string(),
  sensitivity_level: sensitivityLevel.default('medium'),
  parameters: z.array(toolParameter).default([]),
  sensitive_params: z.array(z.string()).default([]),
  required_capabilities: z.array(z.string()).default([]),
});

const pageFields = {
  total: z.number().int().nonnegative().optional(),
  next_offset: z.number().int().nonnegative().nullable().optional(),
};

export const serverPageSchema = z.looseObject({ servers: z.array(serverInfoSchema), ...pageFields });
export const toolPageSchema = z.looseObject({ tools: z.array(toolInfoSchema), ...pageFields });
export const invokeResultSchema = z.looseObject({});
export const healthSchema = z.looseObject({ status: z.string() });

export type SensitivityLevel = z.infer<typeof sensitivityLevel>;
export type ServerInfo = z.infer<typeof serverInfoSchema>;
export type ToolInfo = z.infer<typeof toolInfoSchema>;
export type ToolParameter = z.infer<typeof toolParameter>;
export type InvokeResult = z.infer<typeof invokeResultSchema>;
export type HealthResponse = z.infer<typeof healthSchema>;
