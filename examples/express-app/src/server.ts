import { createExampleApp } from './app.js';
import { ExampleConfigError, loadDotEnv, readConfig } from './config.js';

try {
  loadDotEnv();
  const config = readConfig();
  const server = createExampleApp(config).listen(config.port, config.host, () => {
    console.log(`Example app on http://${config.host}:${config.port} (Gatehouse at ${config.gatehouseUrl})`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  if (!(err instanceof ExampleConfigError)) throw err;
  console.error(`example: ${err.message}`);
  process.exit(2);
}
