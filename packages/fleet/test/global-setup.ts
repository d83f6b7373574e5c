// One redis-server for the project's run; the shared setup provides its URL as `redisUrl`.
export { default } from '@mcpgw/redis-test-server/global-setup';
