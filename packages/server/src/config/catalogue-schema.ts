import { Type, type Static } from '@sinclair/typebox';

/**
 * The configuration file's shape (docs/own-api.md, "The configuration file"). The same schema checks
 * the file at start, gives the loader its types, and is shipped as gatehouse.config.schema.json
 * (a test keeps the two equal).
 */
const Text = (description: string, maxLength = 200) => Type.String({ minLength: 1, maxLength, description });

const levelWords = (description: string) =>
  Type.Object(
    {
      singular: Text('The level in lower case, e.g. "project"', 40),
      plural: Text('Its plural, e.g. "projects"', 40),
    },
    { additionalProperties: false, description },
  );

const ScopeSchema = Type.Object(
  {
    name: Type.String({
      pattern: '^[A-Za-z0-9_.:/-]{1,100}$',
      description: 'The scope as apps request it, e.g. "projects:read": letters, digits and _ . : / -',
    }),
    group: Text('The heading the consent screen shows it under, e.g. "Projects"', 60),
    level: Text('Where it is granted: the singular name of one of the two levels'),
    description: Text('The plain words the consent screen shows, e.g. "See your projects"'),
    tokens: Type.Optional(
      Type.Array(Text('A level whose API tokens may carry the scope'), {
        uniqueItems: true,
        description: 'Which API tokens may carry it, by level name; none when left out',
      }),
    ),
  },
  { additionalProperties: false },
);

/** docs/own-api.md, "Sign-in providers in the file": one upstream OpenID provider. */
const UpstreamProviderSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$', description: 'In URLs (/login/upstream/<id>): 1 to 32 lowercase letters, digits and dashes' }),
    name: Type.Optional(Text('Its display name, on the sign-in button: "Sign in with <name>"; the id when left out', 60)),
    issuer: Text('The issuer URL, https (http only on loopback); its discovery document is read from it', 1000),
    clientId: Text('The client id Gatehouse has at the provider', 1000),
    clientSecret: Type.Optional(Text('The client secret itself; prefer clientSecretEnv, so the file holds no secret', 1000)),
    clientSecretEnv: Type.Optional(
      Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,127}$', description: 'The environment variable that holds the client secret' }),
    ),
    emailClaim: Type.Optional(Text('The ID token or userinfo claim that holds the email address; email when left out', 100)),
  },
  { additionalProperties: false },
);

export const CatalogueFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'Where editors find this schema' })),
    product: Type.Object(
      {
        name: Text('Shown in the header and title of every page', 60),
        logo: Type.Optional(Text('An SVG, PNG, JPEG, WebP or GIF file shown before the name, relative to this file', 1000)),
      },
      { additionalProperties: false },
    ),
    levels: Type.Object(
      {
        workspace: levelWords('The outer level: it has members, registers apps and holds the inner one (e.g. "organization")'),
        site: levelWords('The inner level: what apps are installed on (e.g. "project")'),
      },
      { additionalProperties: false },
    ),
    scopes: Type.Array(ScopeSchema, { minItems: 1, maxItems: 500 }),
    upstreamProviders: Type.Optional(
      Type.Array(UpstreamProviderSchema, {
        maxItems: 20,
        description: 'OpenID Connect providers people may sign in with; UPSTREAM_OIDC_PROVIDERS, when set, replaces this list',
      }),
    ),
  },
  {
    title: 'Gatehouse configuration file',
    description: 'The product name and logo, the names of the two resource levels, the scope catalogue and the upstream sign-in providers (GATEHOUSE_CONFIG).',
    additionalProperties: false,
  },
);

export type CatalogueFile = Static<typeof CatalogueFileSchema>;
export type UpstreamProviderEntry = Static<typeof UpstreamProviderSchema>;
