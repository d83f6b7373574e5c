/** The wire shapes of gateway-api.md, as the simulator serves them (snake_case, every field present). */
export type SensitivityLevel = 'low' | 'medium' | 'high' | 'critical';

export interface ServerInfo {
  server_id: string;
  server_name: string;
  server_url: string;
  sensitivity_level: SensitivityLevel;
  authorized_teams: string[];
  access_restrictions: Record<string, unknown> | null;
  health_status: 'healthy' | 'degraded' | 'unhealthy';
  tools_count: number;
  created_at: string | null;
  updated_at: string | null;
}

export interface ToolParameter {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

export interface ToolInfo {
  tool_name: string;
  server_name: string;
  description: string;
  sensitivity_level: SensitivityLevel;
  parameters: ToolParameter[];
  sensitive_params: string[];
  required_capabilities: string[];
}
