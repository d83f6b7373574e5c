import type { UserWorkspaceConfig } from 'vitest/config';

export declare function projectConfig(
  name: string,
  extra?: { testTimeout?: number; globalSetup?: string[] },
): UserWorkspaceConfig;
