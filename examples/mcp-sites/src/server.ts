import { McpSitesConfigError, loadDotEnv, readConfig } from './config.js';
import { createMcpSitesApp } from './mcp-app.js';

try {
  loadDotEnv();
  const config = readConfig();
  const server = createMcpSitesApp(config).listen(config.port, config.host, () => {
    console.log(`MCP server on ${config.mcpUrl} (Gatehouse at ${config.gatehouseUrl})`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  if (!(err instanceof McpSitesConfigError)) throw err;
  console.error(`mcp-sites: ${err.message}`);
  process.exit(2);
}
