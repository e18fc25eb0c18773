/** The scopes of this product's catalogue (gatehouse.config.json), as the SDK's scope type. */
export type ProjectsScope = 'projects:read' | 'projects:write' | 'projects:manage';
