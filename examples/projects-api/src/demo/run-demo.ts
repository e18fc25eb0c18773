// `npm start -w examples/projects-api`: everything on free loopback ports, with demo data; Ctrl-C stops it all.
import { startDemo } from './start-demo.js';

const demo = await startDemo();
const { urls } = demo;
console.log(`
Acme Projects, with Gatehouse:

  Planner (a third-party app)   ${urls.planner}     ← start here: Connect Acme Projects
  Projects API                  ${urls.api}/api/projects
  Gatehouse                     ${urls.gatehouse}
  Acme Login (OpenID provider)  ${urls.login}

Sign in with Acme Login as (organization "${demo.organization.name}"):
${demo.logins.map((l) => `  ${l.email} / ${l.password}   (${l.role})`).join('\n')}

Ctrl-C stops everything; the demo data lives only as long as this run.
`);

const stop = () => {
  demo.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
