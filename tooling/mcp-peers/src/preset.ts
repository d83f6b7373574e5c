// @mcpgw/preset through its source: this package does not list it as a dependency yet (adding it changes the
// lockfile, which one engineer owns). Everything here imports the preset from this one file, so that change is one
// line: `export { createGatewayClient } from '@mcpgw/preset';`.
export { createGatewayClient } from '../../../packages/preset/src/index.js';
