import { describe, expect, it } from 'vitest';
import { metadataAnswer, protectedResourceMetadata } from '../../src/middleware/protected-resource-metadata.js';

describe('protectedResourceMetadata() (RFC 9728 §3.1)', () => {
  it('puts the well-known segment between the host and the resource path', () => {
    const m = protectedResourceMetadata('https://mcp.example.test/tenant/mcp', 'https://gatehouse.example.test/');
    expect(m.metadataUrl).toBe('https://mcp.example.test/.well-known/oauth-protected-resource/tenant/mcp');
    expect(m.paths).toEqual(['/.well-known/oauth-protected-resource/tenant/mcp', '/.well-known/oauth-protected-resource']);
    expect(m.document).toEqual({
      resource: 'https://mcp.example.test/tenant/mcp',
      authorization_servers: ['https://gatehouse.example.test'],
      bearer_methods_supported: ['header'],
    });
  });

  it('describes an origin-wide resource at the bare well-known path only', () => {
    const m = protectedResourceMetadata('https://api.example.test', 'https://gatehouse.example.test', { authorizationServers: ['https://as.example.test'] });
    expect(m.metadataUrl).toBe('https://api.example.test/.well-known/oauth-protected-resource');
    expect(m.paths).toEqual(['/.well-known/oauth-protected-resource']);
    expect(m.document.authorization_servers).toEqual(['https://as.example.test']);
  });

  it('refuses a resource that is not an absolute http(s) URL without query or fragment', () => {
    for (const bad of ['mcp', 'https://x.test/mcp?a=1', 'https://x.test/mcp#f', 'ftp://x.test/mcp']) {
      expect(() => protectedResourceMetadata(bad, 'https://g.test'), bad).toThrow(TypeError);
    }
  });

  it('answers GET and HEAD of its paths only', () => {
    const m = protectedResourceMetadata('https://mcp.example.test/mcp', 'https://g.test');
    expect(metadataAnswer(m, 'GET', '/.well-known/oauth-protected-resource/mcp')?.body).toBe(JSON.stringify(m.document));
    expect(metadataAnswer(m, 'HEAD', '/.well-known/oauth-protected-resource')).toBeDefined();
    expect(metadataAnswer(m, 'POST', '/.well-known/oauth-protected-resource/mcp')).toBeUndefined();
    expect(metadataAnswer(m, 'GET', '/.well-known/oauth-protected-resource/other')).toBeUndefined();
    expect(metadataAnswer(m, 'GET', '/mcp')).toBeUndefined();
  });
});
